package io.quiver.xdrgen;

import java.nio.file.Path;
import java.util.Arrays;

/** Prints the shape of the model in a folder: {@code ShapeMain XDR_DIR ROOT...}. */
public final class ShapeMain {

    private ShapeMain() {
    }

    public static void main(String[] args) throws Exception {
        XdrModel model = XdrModel.load(Path.of(args[0]));
        new XdrShape(model).lines(Arrays.asList(args).subList(1, args.length)).forEach(System.out::println);
    }
}
