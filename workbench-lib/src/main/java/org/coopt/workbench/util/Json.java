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

    public static <T> T read(Path file, Class<T> type) throws IOException {
        return GSON.fromJson(java.nio.file.Files.readString(file, StandardCharsets.UTF_8), type);
    }

    public static void write(Path file, Object o) throws IOException {
        AtomicFiles.writeString(file, GSON.toJson(o) + "\n");
    }
}
