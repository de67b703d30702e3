package org.coopt.workbench.util;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An exclusive lock on a lock file, held across processes (an OS file lock) and across threads of this JVM
 * (a lock per canonical path: the OS lock alone refuses a second lock from the same JVM instead of waiting).
 * Waits until the lock is free; the OS releases it when the holder dies, so a crash never leaves it held.
 * The lock file itself stays (an empty file); only its lock matters.
 *
 * <pre>
 * try (FolderLock l = FolderLock.acquire(dir.resolve(".lock"))) {
 *     ... read, decide and write without another writer in between ...
 * }
 * </pre>
 */
public final class FolderLock implements AutoCloseable {
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_JVM = new ConcurrentHashMap<>();

    private final ReentrantLock jvm;
    private final FileChannel channel;
    private final FileLock lock;

    private FolderLock(ReentrantLock jvm, FileChannel channel, FileLock lock) {
        this.jvm = jvm;
        this.channel = channel;
        this.lock = lock;
    }

    /** Blocks until this process holds {@code lockFile} (created with its folder if absent). */
    public static FolderLock acquire(Path lockFile) throws IOException {
        Path file = lockFile.toAbsolutePath().normalize();
        Files.createDirectories(file.getParent());
        try {
            file = file.getParent().toRealPath().resolve(file.getFileName()); // one key per folder, whatever the spelling
        } catch (IOException e) {
            // keep the normalised path
        }
        ReentrantLock jvm = IN_JVM.computeIfAbsent(file, f -> new ReentrantLock());
        try {
            jvm.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.util.concurrent.CancellationException("interrupted while waiting for the lock " + file);
        }
        if (jvm.getHoldCount() > 1) {
            // re-entered by the holder: the OS lock is already ours (a second channel's close would release it)
            return new FolderLock(jvm, null, null);
        }
        FileChannel ch = null;
        try {
            Files.createDirectories(file.getParent());
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            return new FolderLock(jvm, ch, ch.lock());
        } catch (AccessDeniedException e) {
            close(ch);
            jvm.unlock();
            throw new UserInputException("cannot lock " + file + ": permission denied; the folder must be writable "
                    + "by this user to change it");
        } catch (Throwable e) {
            close(ch);
            jvm.unlock();
            throw e;
        }
    }

    private static void close(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // closing a lock channel that failed to lock: nothing to keep
            }
        }
    }

    @Override
    public void close() throws IOException {
        try {
            if (lock != null) {
                lock.release();
            }
            if (channel != null) {
                channel.close();
            }
        } finally {
            jvm.unlock();
        }
    }
}
