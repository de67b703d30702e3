package org.coopt.workbench.data;

import java.nio.file.Path;

/** One file a dataset was read from: its path, size in bytes and SHA-256 (lowercase hex). */
public record SourceFile(Path path, long bytes, String sha256) {
    public SourceFile {
        if (path == null || sha256 == null || bytes < 0) {
            throw new IllegalArgumentException("source file needs a path, a size >= 0 and a sha256");
        }
    }
}
