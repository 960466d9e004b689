package io.quiver.launcher;

import io.quiver.stellar.ledger.LedgerFileContent;
import io.quiver.stellar.ledger.LedgerFileException;
import io.quiver.stellar.ledger.RawLedger;
import io.quiver.stellar.xdr.model.LedgerCloseMeta;
import io.quiver.ttp.TtpException;
import io.quiver.ttp.derived.DerivedEventsExtractor;
import io.quiver.ttp.model.ProtoJson;
import io.quiver.ttp.model.TokenTransferEvent;
import io.quiver.ttp.unified.UnifiedEventsExtractor;
import io.quiver.ttp.verify.EventVerifier;
import java.io.PrintStream;
import java.util.List;
import java.util.function.Function;

/**
 * {@code ./quiver ttp [verify] --network PASSPHRASE [--unified] FILE...}: the token transfer events of
 * the ledgers in the files as protojson lines (stellar/go's form), in the derived mode or, with
 * {@code --unified}, from CAP-67 events. {@code verify} checks the events against the ledger-entry
 * changes instead and exits 1 on a mismatch. Bad input: exit 2 and one line.
 */
final class TtpCommand {

    static final String USAGE = "usage: ./quiver ttp [verify] --network PASSPHRASE|pubnet|testnet [--unified] FILE...";

    private final PrintStream out;
    private final PrintStream err;

    TtpCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(List<String> args) {
        boolean verify = !args.isEmpty() && args.get(0).equals("verify");
        NetworkFiles in = NetworkFiles.parse(args, verify ? 1 : 0, java.util.Set.of("--unified"), USAGE);
        String passphrase = in.passphrase();
        boolean unified = in.flags().contains("--unified");
        List<String> files = in.files();
        Function<LedgerCloseMeta, List<TokenTransferEvent>> extractor = unified ? new UnifiedEventsExtractor(passphrase)::extract
                : new DerivedEventsExtractor(passphrase)::extract;
        EventVerifier verifier = verify ? new EventVerifier(passphrase) : null;
        String command = verify ? "ttp verify" : "ttp";
        long ledgers = 0;
        long events = 0;
        long mismatches = 0;
        for (String name : files) {
            LedgerFileContent content = LedgerInputs.open(command, name, err);
            if (content == null) {
                return 2;
            }
            for (RawLedger raw : content.ledgers()) {
                try {
                    LedgerCloseMeta meta = raw.decode();
                    List<TokenTransferEvent> got = extractor.apply(meta);
                    ledgers++;
                    events += got.size();
                    if (verifier == null) {
                        got.forEach(e -> out.println(ProtoJson.line(e)));
                    } else {
                        for (EventVerifier.Mismatch m : verifier.verify(meta, got)) {
                            out.println("mismatch: " + m);
                            mismatches++;
                        }
                    }
                } catch (LedgerFileException e) {
                    err.println("quiver " + command + ": " + e.getMessage() + " (read as " + content.format().description() + ")");
                    return 2;
                } catch (TtpException e) {
                    err.println("quiver " + command + ": " + name + ": " + e.getMessage());
                    return 2;
                } catch (RuntimeException e) {
                    // a ledger that decodes but breaks a rule the extraction relies on
                    err.println("quiver " + command + ": " + name + ": ledger at " + raw.where() + ": " + e);
                    return 2;
                }
            }
        }
        if (verifier != null) {
            out.println((mismatches == 0 ? "ok: " : "FAILED: ") + ledgers + " ledgers, " + events + " events, " + mismatches
                    + " mismatches (" + (unified ? "unified" : "derived") + " mode)");
        }
        out.flush();
        return mismatches == 0 ? 0 : 1;
    }
}
