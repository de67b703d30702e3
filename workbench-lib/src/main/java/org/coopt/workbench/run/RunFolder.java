package org.coopt.workbench.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.coopt.workbench.util.Json;

/**
 * A run's folder: {@code config.json} (the fully resolved settings, never only the overrides),
 * {@code provenance.json} (see {@link Provenance}), and whatever the run writes. Provenance is
 * written at creation with status {@code running} and rewritten by {@link #finish()} or
 * {@link #fail(Throwable)}, so an interrupted run is recognisable as such.
 */
public final class RunFolder implements AutoCloseable {
    private final Path dir;
    private final Seeds seeds;
    private final Instant started = Instant.now();
    /** The code is recorded as it was when the run began, even if the checkout changes while it runs. */
    private final Provenance.Code code = Provenance.Code.now();
    private final Map<String, String> datasets = new LinkedHashMap<>();
    private final Map<String, Double> wallSeconds = new LinkedHashMap<>();
    private String status = "running";

    private RunFolder(Path dir, Seeds seeds) {
        this.dir = dir;
        this.seeds = seeds;
    }

    /** Creates {@code parent/name-yyyyMMdd-HHmmss} (made unique) and writes config.json and provenance.json. */
    public static RunFolder create(Path parent, String name, Object config, Seeds seeds) throws IOException {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path dir = parent.resolve(name + "-" + stamp);
        for (int i = 2; Files.exists(dir); i++) {
            dir = parent.resolve(name + "-" + stamp + "-" + i);
        }
        return open(dir, config, seeds);
    }

    /** Uses exactly {@code dir} (created if needed), e.g. to resume a run in place. */
    public static RunFolder open(Path dir, Object config, Seeds seeds) throws IOException {
        Files.createDirectories(dir);
        RunFolder run = new RunFolder(dir, seeds);
        Json.write(dir.resolve("config.json"), config);
        run.writeProvenance();
        return run;
    }

    public Path dir() {
        return dir;
    }

    public Seeds seeds() {
        return seeds;
    }

    public Path resolve(String file) {
        return dir.resolve(file);
    }

    /** Records the SHA-256 of a dataset the run used. */
    public synchronized RunFolder dataset(String name, String sha256) {
        datasets.put(name, sha256);
        return this;
    }

    /** Runs a stage and records its wall time (seconds, summed if the same stage runs again). */
    public <T> T stage(String name, Callable<T> body) throws Exception {
        long t0 = System.nanoTime();
        try {
            return body.call();
        } finally {
            double s = (System.nanoTime() - t0) / 1e9;
            synchronized (this) {
                wallSeconds.merge(name, s, Double::sum);
            }
        }
    }

    public synchronized void recordWallSeconds(String name, double seconds) {
        wallSeconds.merge(name, seconds, Double::sum);
    }

    public synchronized Provenance provenance() {
        return Provenance.capture(code, datasets, seeds.recorded(), wallSeconds, started,
                "running".equals(status) ? null : Instant.now(), status);
    }

    /** Writes provenance.json as it stands (wall times so far), the run still unfinished. */
    public synchronized void checkpoint() {
        writeProvenance();
    }

    public synchronized void finish() {
        status = "finished";
        writeProvenance();
    }

    public synchronized void fail(Throwable t) {
        status = "failed: " + t.getClass().getSimpleName() + ": " + t.getMessage();
        writeProvenance();
    }

    private void writeProvenance() {
        try {
            Json.write(dir.resolve("provenance.json"), provenance());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Finishes the run unless it already finished or failed. */
    @Override
    public void close() {
        if ("running".equals(status)) {
            finish();
        }
    }
}
