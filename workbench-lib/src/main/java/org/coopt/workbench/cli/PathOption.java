package org.coopt.workbench.cli;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Every path option of every command ({@link Main} registers it for {@link Path}): refuses an empty or blank
 * path, which {@code Path.of("")} would turn into the current folder (so {@code --dir ''} would write into
 * wherever the command runs), a path the OS cannot name (a NUL byte), and a path with a {@code ..} after a folder
 * that does not exist ({@code missing/../dd}: the OS refuses it, while creating its folders would leave
 * {@code missing/} behind). The path is otherwise kept as typed, so messages name the user's path.
 */
final class PathOption implements ITypeConverter<Path> {
    @Override
    public Path convert(String value) {
        if (value == null || value.isBlank()) {
            throw new TypeConversionException("an empty path; give a file or folder name");
        }
        Path p;
        try {
            p = Path.of(value);
        } catch (InvalidPathException e) {
            throw new TypeConversionException("'" + value + "' is not a valid path (" + e.getReason() + ")");
        }
        Path prefix = p.getRoot();
        for (Path part : p) {
            if (part.toString().equals("..") && !Files.isDirectory(prefix == null ? Path.of(".") : prefix)) {
                throw new TypeConversionException("'" + value + "' goes up ('..') from " + prefix + ", which is not an "
                        + "existing folder; give the path without it");
            }
            prefix = prefix == null ? part : prefix.resolve(part);
        }
        return p;
    }
}
