package org.coopt.workbench.util;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Nothing half-written: every file is written under a temporary name in the same folder and renamed
 * into place only when complete, so a crash leaves either the old file or the new one.
 *
 * <p>Temporary files and folders are named {@code .NAME.PID@HOST-RANDOM.tmp} (folders: {@code PREFIX PID@HOST-RANDOM})
 * and created with the process's umask (unlike {@link Files#createTempFile}, which makes them 0600/0700, so
 * a second user of a shared platform folder could not read what was renamed into place). The writer's pid in
 * the name lets the next writer of the same target delete the leftovers of a writer that died
 * ({@link #cleanStale}), never those of one that is still running: only a writer of this host (a container's or
 * machine's host name; a pid means nothing in another pid namespace) whose pid is gone is dead.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** Writes through {@code body} to a temp file beside {@code target}, then renames it. */
    public static void write(Path target, IoConsumer<OutputStream> body) throws IOException {
        Path tmp;
        try {
            tmp = tempFile(target);
        } catch (java.nio.file.FileSystemException e) {
            throw about(e, target);
        }
        try {
            try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                body.accept(out);
            }
            move(tmp, target);
        } catch (java.nio.file.FileSystemException e) {
            throw about(e, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * The same refusal about {@code target}, the file the caller asked for, when {@code e} names one of this class's
     * temp files (whose names mean nothing to a user); other paths are kept.
     */
    static java.nio.file.FileSystemException about(java.nio.file.FileSystemException e, Path target) {
        String f = e.getFile();
        if (f == null || !Path.of(f).getFileName().toString().startsWith(".")
                || !Path.of(f).getFileName().toString().endsWith(".tmp")) {
            return e;
        }
        String t = target.toString();
        java.nio.file.FileSystemException r;
        if (e instanceof java.nio.file.AccessDeniedException) {
            r = new java.nio.file.AccessDeniedException(t, null, e.getReason());
        } else if (e instanceof java.nio.file.NoSuchFileException) {
            r = new java.nio.file.NoSuchFileException(t, null, e.getReason());
        } else if (e instanceof java.nio.file.NotDirectoryException) {
            r = new java.nio.file.NotDirectoryException(t);
        } else if (e instanceof java.nio.file.FileAlreadyExistsException) {
            r = new java.nio.file.FileAlreadyExistsException(t, null, e.getReason());
        } else {
            r = new java.nio.file.FileSystemException(t, null, e.getReason());
        }
        r.initCause(e);
        return r;
    }

    public static void writeString(Path target, String content) throws IOException {
        write(target, out -> out.write(content.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * A new, empty temp file {@code .NAME.PID-RANDOM.tmp} beside {@code target} (folder created if needed), with
     * the umask's permissions; stale temp files of the same target left by dead processes are deleted first.
     */
    public static Path tempFile(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        String prefix = "." + target.getFileName() + ".";
        cleanStale(dir, prefix);
        for (int attempt = 0; ; attempt++) {
            Path tmp = dir.resolve(prefix + tag() + ".tmp");
            try {
                Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return tmp;
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (attempt > 100) {
                    throw e;
                }
            }
        }
    }

    /**
     * A new, empty temp folder {@code PREFIX PID-RANDOM} in {@code parent}, with the umask's permissions; stale
     * folders with the same prefix left by dead processes are deleted first.
     */
    public static Path tempDirectory(Path parent, String prefix) throws IOException {
        Files.createDirectories(parent);
        cleanStale(parent, prefix);
        for (int attempt = 0; ; attempt++) {
            Path tmp = parent.resolve(prefix + tag());
            try {
                return Files.createDirectory(tmp);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (attempt > 100) {
                    throw e;
                }
            }
        }
    }

    private static String tag() {
        return ProcessHandle.current().pid() + "@" + HOST + "-"
                + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
    }

    /** This machine's (or container's) host name, reduced to [a-z0-9], in every temp name. */
    public static final String HOST = host();

    private static String host() {
        String h = null;
        try {
            h = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException | RuntimeException e) {
            h = System.getenv("HOSTNAME");
        }
        h = h == null ? "" : h.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]", "");
        return h.isEmpty() ? "host" : h.substring(0, Math.min(24, h.length()));
    }

    private static final Pattern PID = Pattern.compile("(\\d+)@([a-z0-9]+)-[0-9a-z]+(\\.tmp)?");

    /**
     * Deletes entries of {@code dir} named {@code prefix PID-RANDOM[.tmp]} whose process is no longer alive
     * (a crashed writer's leftovers). Entries of live processes, and names without a pid, are kept.
     */
    public static void cleanStale(Path dir, String prefix) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        long self = ProcessHandle.current().pid();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, p -> p.getFileName().toString().startsWith(prefix))) {
            for (Path p : s) {
                Matcher m = PID.matcher(p.getFileName().toString().substring(prefix.length()));
                if (!m.matches()) {
                    continue;
                }
                long pid = Long.parseLong(m.group(1));
                if (pid != self && HOST.equals(m.group(2)) && ProcessHandle.of(pid).isEmpty()) {
                    try {
                        deleteTree(p);
                    } catch (IOException e) {
                        // cleaning is best effort: a leftover that cannot go now goes next time
                    }
                }
            }
        } catch (java.nio.file.NoSuchFileException ignored) {
            // the folder went away meanwhile: nothing to clean
        }
    }

    /** Deletes a file or a folder with everything in it; absent is fine. */
    public static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> w = Files.walk(p)) {
            for (Path q : w.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        } catch (java.nio.file.NoSuchFileException ignored) {
            // deleted by someone else meanwhile
        }
    }

    /** Renames a finished temp file or folder into place, atomically where the file system can. */
    public static void move(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @FunctionalInterface
    public interface IoConsumer<T> {
        void accept(T t) throws IOException;
    }
}
