package org.coopt.kernel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Resolves a Maven artifact and its runtime dependencies to jar files with the {@code mvn} the workbench
 * is built with (no second resolver inside the kernel).
 *
 * <p>For {@code group:artifact:version} it writes a one-dependency pom under
 * {@code <cache>/kernel-maven/<group>/<artifact>/<version>/} and runs
 * {@code mvn -B -q [-o] org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies}
 * there, copying the jars into {@code jars/}. A {@code .complete} marker is written last (temp then
 * rename), so a resolution cut short is redone and a finished one is reused without running Maven.
 * The plugin version is the one the parent pom pins, so offline builds find it in ~/.m2.
 */
final class MavenResolver {

    static final String DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.8.1";
    static final Pattern COORDINATE = Pattern.compile("[A-Za-z0-9_.\\-]+:[A-Za-z0-9_.\\-]+:[A-Za-z0-9_.\\-]+");
    private static final long TIMEOUT_MINUTES = 15;

    private final Path root;
    private final boolean offline;
    private final String mvn;

    MavenResolver(KernelSettings settings) {
        this.root = settings.cacheDir().resolve("kernel-maven");
        this.offline = settings.mavenOffline();
        this.mvn = settings.mavenCommand();
    }

    /** The jars of {@code coordinate} and its runtime dependencies, sorted by file name. */
    List<Path> resolve(String coordinate) throws MagicFailedException {
        if (!COORDINATE.matcher(coordinate).matches()) {
            throw new MagicFailedException("not a Maven coordinate: '" + coordinate
                    + "' (expected group:artifact:version, e.g. org.apache.commons:commons-lang3:3.14.0)");
        }
        String[] gav = coordinate.split(":");
        Path dir = root.resolve(gav[0]).resolve(gav[1]).resolve(gav[2]);
        Path jars = dir.resolve("jars");
        Path marker = dir.resolve(".complete");
        try {
            if (!Files.exists(marker)) {
                Files.createDirectories(dir);
                Files.writeString(dir.resolve("pom.xml"), pom(gav), StandardCharsets.UTF_8);
                runMaven(dir, jars, coordinate);
                Path tmp = dir.resolve(".complete.tmp");
                Files.writeString(tmp, coordinate + "\n", StandardCharsets.UTF_8);
                Files.move(tmp, marker, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            List<Path> out = new ArrayList<>();
            if (Files.isDirectory(jars)) {
                try (Stream<Path> s = Files.list(jars)) {
                    s.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().forEach(out::add);
                }
            }
            if (out.isEmpty()) {
                throw new MagicFailedException("Maven resolved " + coordinate + " but produced no jar (is it a pom-only artifact?)");
            }
            return out;
        } catch (IOException e) {
            throw new MagicFailedException("cannot write the Maven cache under " + dir + ": " + e.getMessage(), e);
        }
    }

    private void runMaven(Path dir, Path jars, String coordinate) throws MagicFailedException, IOException {
        List<String> cmd = new ArrayList<>(List.of(mvn, "-B", "-q"));
        if (offline) {
            cmd.add("-o");
        }
        cmd.addAll(List.of("-f", dir.resolve("pom.xml").toString(), DEPENDENCY_PLUGIN + ":copy-dependencies",
                "-DoutputDirectory=" + jars, "-DincludeScope=runtime"));
        Path log = dir.resolve("mvn.log");
        Process p;
        try {
            p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new MagicFailedException("cannot run '" + mvn + "' for %maven (" + e.getMessage()
                    + "); install Maven or set -Dcoopt.maven.command", e);
        }
        try {
            if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new MagicFailedException("Maven did not resolve " + coordinate + " within "
                        + TIMEOUT_MINUTES + " minutes; see " + log);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new MagicFailedException("interrupted while Maven resolved " + coordinate, e);
        }
        if (p.exitValue() != 0) {
            throw new MagicFailedException("Maven could not resolve " + coordinate + (offline ? " offline" : "")
                    + ": " + firstError(log) + " (full log: " + log + ")");
        }
    }

    private static String firstError(Path log) throws IOException {
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            if (line.contains("[ERROR]")) {
                return line.replace("[ERROR]", "").strip();
            }
        }
        return "mvn failed";
    }

    private static String pom(String[] gav) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <!-- Written by the CoOpt kernel's %%maven magic to resolve one dependency. -->
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>org.coopt.kernel.maven</groupId>
                  <artifactId>resolve</artifactId>
                  <version>1</version>
                  <packaging>pom</packaging>
                  <dependencies>
                    <dependency><groupId>%s</groupId><artifactId>%s</artifactId><version>%s</version></dependency>
                  </dependencies>
                </project>
                """.formatted(escapeXml(gav[0]), escapeXml(gav[1]), escapeXml(gav[2]));
    }

    private static String escapeXml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
