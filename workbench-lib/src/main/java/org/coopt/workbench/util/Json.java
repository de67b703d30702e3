package org.coopt.workbench.util;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonDeserializer;
import com.google.gson.JsonPrimitive;
import com.google.gson.JsonSerializer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;

/** Pretty JSON with records, paths and instants; writes are atomic (temp file, then rename). */
public final class Json {
    private Json() {}

    public static final Gson GSON = new GsonBuilder()
            .setPrettyPrinting()
            .disableHtmlEscaping()
            .serializeSpecialFloatingPointValues()
            .registerTypeHierarchyAdapter(Path.class,
                    (JsonSerializer<Path>) (p, t, c) -> new JsonPrimitive(p.toString()))
            .registerTypeHierarchyAdapter(Path.class,
                    (JsonDeserializer<Path>) (j, t, c) -> Path.of(j.getAsString()))
            .registerTypeAdapter(Instant.class,
                    (JsonSerializer<Instant>) (i, t, c) -> new JsonPrimitive(i.toString()))
            .registerTypeAdapter(Instant.class,
                    (JsonDeserializer<Instant>) (j, t, c) -> Instant.parse(j.getAsString()))
            .create();

    public static String toJson(Object o) {
        return GSON.toJson(o);
    }

    /**
     * Reads {@code file} as {@code type}; a file that is not valid JSON for it (truncated, edited by hand, empty) is
     * a one-line {@link UserInputException} naming the file, not a parser trace.
     */
    public static <T> T read(Path file, Class<T> type) throws IOException {
        String text = java.nio.file.Files.readString(file, StandardCharsets.UTF_8);
        T value;
        try {
            value = GSON.fromJson(text, type);
        } catch (com.google.gson.JsonParseException | IllegalArgumentException | IllegalStateException
                 | java.time.format.DateTimeParseException e) {
            // the parser's own words, without the class names it prefixes ("java.io.EOFException: End of input ...")
            String why = PlainMessage.of(e.getMessage() == null ? null : e.getMessage().lines().findFirst().orElse(""));
            throw new UserInputException(file + " is not a valid " + type.getSimpleName() + " JSON file (" + why
                    + "); it was truncated or edited by hand: restore it or re-create it with the command that wrote it");
        }
        if (value == null) {
            throw new UserInputException(file + " is empty; expected a " + type.getSimpleName() + " JSON object");
        }
        return value;
    }

    public static void write(Path file, Object o) throws IOException {
        AtomicFiles.writeString(file, GSON.toJson(o) + "\n");
    }
}
