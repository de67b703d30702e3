package org.coopt.kernel;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** {@code %classpath PATH[:PATH...] ...}: adds jars or class folders to the session's classpath. */
final class ClasspathMagic implements LineMagic {
    private final Consumer<String> classpath;

    ClasspathMagic(Consumer<String> classpath) {
        this.classpath = classpath;
    }

    @Override
    public String name() {
        return "classpath";
    }

    @Override
    public String usage() {
        return "%classpath PATH[:PATH...]  add jars or class folders";
    }

    @Override
    public String run(List<String> args) throws MagicFailedException {
        if (args.isEmpty()) {
            throw new MagicFailedException("%classpath needs at least one path: " + usage());
        }
        List<Path> paths = new ArrayList<>();
        for (String arg : args) {
            for (String part : arg.split(File.pathSeparator)) {
                if (part.isBlank()) {
                    continue;
                }
                Path p = Path.of(part).toAbsolutePath().normalize();
                if (!Files.exists(p)) {
                    throw new MagicFailedException("%classpath: " + p + " does not exist");
                }
                paths.add(p);
            }
        }
        paths.forEach(p -> classpath.accept(p.toString()));
        return "added to the classpath: " + String.join(", ", paths.stream().map(Path::toString).toList());
    }
}
