package org.coopt.kernel;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code %maven group:artifact:version ...}: resolves each artifact with its runtime dependencies
 * (see {@link MavenResolver}) and adds the jars that are not already on the kernel's classpath.
 */
final class MavenMagic implements LineMagic {
    private final MavenResolver resolver;
    private final Consumer<String> classpath;
    private final Set<String> present;

    /**
     * @param present file names of jars already on the classpath (the kernel's own); skipped, so a
     *                dependency the workbench already has is not loaded twice in two versions
     */
    MavenMagic(MavenResolver resolver, Consumer<String> classpath, Set<String> present) {
        this.resolver = resolver;
        this.classpath = classpath;
        this.present = present;
    }

    @Override
    public String name() {
        return "maven";
    }

    @Override
    public String usage() {
        return "%maven group:artifact:version...  add a Maven artifact and its runtime dependencies";
    }

    @Override
    public String run(List<String> args) throws MagicFailedException {
        if (args.isEmpty()) {
            throw new MagicFailedException("%maven needs a coordinate: " + usage());
        }
        List<String> added = new ArrayList<>();
        int skipped = 0;
        for (String coordinate : args) {
            for (Path jar : resolver.resolve(coordinate)) {
                if (present.contains(jar.getFileName().toString())) {
                    skipped++;
                    continue;
                }
                classpath.accept(jar.toString());
                added.add(jar.getFileName().toString());
                present.add(jar.getFileName().toString());
            }
        }
        return "added " + added.size() + " jar(s) to the classpath" + (added.isEmpty() ? "" : ": " + String.join(", ", added))
                + (skipped > 0 ? " (" + skipped + " already on the kernel's classpath)" : "");
    }
}
