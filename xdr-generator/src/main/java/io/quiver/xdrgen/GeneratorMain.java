package io.quiver.xdrgen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code GeneratorMain XDR_DIR OUT_DIR PACKAGE}: writes the Java model of the definitions in
 * XDR_DIR under OUT_DIR. Files are rewritten only when their text changes, so an unchanged model
 * does not trigger recompilation.
 */
public final class GeneratorMain {

    private GeneratorMain() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: GeneratorMain XDR_DIR OUT_DIR PACKAGE");
            System.exit(2);
        }
        XdrModel model = XdrModel.load(Path.of(args[0]));
        String pkg = args[2];
        Path dir = Path.of(args[1]).resolve(pkg.replace('.', '/'));
        Files.createDirectories(dir);
        Map<String, String> files = new JavaGenerator(model, pkg).generate();
        int written = 0;
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path p = dir.resolve(f.getKey());
            if (!Files.exists(p) || !Files.readString(p).equals(f.getValue())) {
                Files.writeString(p, f.getValue());
                written++;
            }
        }
        System.out.println("xdr-generator: " + files.size() + " types in " + dir + " (" + written + " rewritten)");
    }
}
