package io.quiver.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

import io.quiver.llo.json.MalformedRoundException;
import io.quiver.llo.json.RoundJson;
import io.quiver.llo.round.QuorumException;
import io.quiver.llo.round.RoundOutcome;
import io.quiver.llo.round.RowOutcomeCalculator;

/** {@code ./quiver llo aggregate FILE.json}: one round's outcome, by the JSON contract in the README. */
final class LloCommand {

    private final PrintStream out;
    private final PrintStream err;

    LloCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(List<String> args) {
        if (args.size() != 2 || !args.get(0).equals("aggregate")) {
            throw new UsageException("usage: ./quiver llo aggregate FILE.json");
        }
        Path file = Path.of(args.get(1));
        try (InputStream in = Files.newInputStream(file)) {
            RoundOutcome outcome = new RowOutcomeCalculator().compute(RoundJson.parse(in));
            out.println(RoundJson.render(outcome));
            return 0;
        } catch (QuorumException e) {
            err.println(e.getMessage());
            return 1;
        } catch (MalformedRoundException e) {
            err.println("quiver llo aggregate: " + file + ": " + e.getMessage());
            return 2;
        } catch (NoSuchFileException e) {
            err.println("quiver llo aggregate: " + file + ": no such file");
            return 2;
        } catch (IOException e) {
            err.println("quiver llo aggregate: " + file + ": " + e.getMessage());
            return 2;
        }
    }
}
