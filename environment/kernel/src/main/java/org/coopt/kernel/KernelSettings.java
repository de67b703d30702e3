package org.coopt.kernel;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The kernel's settings, all defaults in one place.
 *
 * @param cacheDir     where {@code %maven} keeps resolved jars ({@code $COOPT_CACHE/kernel-maven});
 *                     default {@code $COOPT_CACHE}, else {@code ~/.cache/coopt}
 * @param mavenOffline run Maven with {@code -o} (only the local repository ~/.m2); default false, true
 *                     when {@code COOPT_MAVEN_OFFLINE=1} or {@code -Dcoopt.maven.offline=true}
 * @param mavenCommand the Maven executable; default {@code mvn} from PATH ({@code -Dcoopt.maven.command})
 * @param cellJvm      where cells run; default {@link CellJvm#AUTO} ({@code -Dcoopt.kernel.cells},
 *                     {@code COOPT_KERNEL_CELLS}: in-process, child-jvm, auto)
 */
public record KernelSettings(Path cacheDir, boolean mavenOffline, String mavenCommand, CellJvm cellJvm) {

    public KernelSettings {
        Objects.requireNonNull(cellJvm, "cellJvm");
        Objects.requireNonNull(cacheDir, "cacheDir");
        Objects.requireNonNull(mavenCommand, "mavenCommand");
        if (mavenCommand.isBlank()) {
            throw new IllegalArgumentException("mavenCommand must not be blank");
        }
    }

    /** Settings from the environment and system properties (see the component docs for the defaults). */
    public static KernelSettings fromEnvironment() {
        String cache = System.getenv("COOPT_CACHE");
        Path cacheDir = cache != null && !cache.isBlank()
                ? Path.of(cache)
                : Path.of(System.getProperty("user.home"), ".cache", "coopt");
        boolean offline = "1".equals(System.getenv("COOPT_MAVEN_OFFLINE"))
                || Boolean.getBoolean("coopt.maven.offline");
        String mvn = System.getProperty("coopt.maven.command", "mvn");
        return new KernelSettings(cacheDir, offline, mvn, CellJvm.fromEnvironment());
    }

    public KernelSettings withMavenOffline(boolean offline) {
        return new KernelSettings(cacheDir, offline, mavenCommand, cellJvm);
    }

    public KernelSettings withCacheDir(Path dir) {
        return new KernelSettings(dir, mavenOffline, mavenCommand, cellJvm);
    }

    public KernelSettings withCellJvm(CellJvm jvm) {
        return new KernelSettings(cacheDir, mavenOffline, mavenCommand, jvm);
    }
}
