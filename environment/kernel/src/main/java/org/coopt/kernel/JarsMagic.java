package org.coopt.kernel;

import io.github.spencerpark.jupyter.kernel.util.GlobFinder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** {@code %jars GLOB ...}: adds every file matching the globs (e.g. {@code lib/*.jar}) to the classpath. */
final class JarsMagic implements LineMagic {
    private final Consumer<String> classpath;

    JarsMagic(Consumer<String> classpath) {
        this.classpath = classpath;
    }

    @Override
    public String name() {
        return "jars";
    }

    @Override
    public String usage() {
        return "%jars GLOB...  add every jar matching the globs, e.g. %jars lib/*.jar";
    }

    @Override
    public String run(List<String> args) throws MagicFailedException {
        if (args.isEmpty()) {
            throw new MagicFailedException("%jars needs at least one glob: " + usage());
        }
        List<String> added = new ArrayList<>();
        for (String glob : args) {
            List<String> matched = new ArrayList<>();
            try {
                for (Path p : new GlobFinder(glob).computeMatchingFiles()) {
                    matched.add(p.toAbsolutePath().normalize().toString());
                }
            } catch (IOException e) {
                throw new MagicFailedException("%jars: cannot list " + glob + ": " + e.getMessage(), e);
            }
            if (matched.isEmpty()) {
                throw new MagicFailedException("%jars: no file matches " + glob);
            }
            added.addAll(matched);
        }
        added.forEach(classpath);
        return "added " + added.size() + " jar(s) to the classpath";
    }
}
