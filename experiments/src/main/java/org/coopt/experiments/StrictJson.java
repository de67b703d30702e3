package org.coopt.experiments;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.internal.LazilyParsedNumber;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.MalformedJsonException;
import java.io.IOException;
import java.io.StringReader;
import org.coopt.workbench.util.UserInputException;

/**
 * Parses config text into a JSON tree, refusing a key given twice in one object at any depth. Gson's
 * {@code JsonParser} keeps the last of two equal keys without a word, so a config with {@code "methods"} twice ran
 * the second list while its author read the first. The syntax accepted is otherwise {@code JsonParser}'s (lenient),
 * so every config that read before reads the same now; numbers keep the text they were written with, so a message
 * can show a value as the user typed it.
 */
final class StrictJson {
    private StrictJson() {}

    /** Thrown for malformed text; the caller names the file. */
    static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message);
        }
    }

    /**
     * The tree of {@code text}; a repeated key is a {@link UserInputException} naming the key's path and
     * {@code source}; malformed text is {@link Malformed} with the parser's one-line reason.
     */
    static JsonElement parse(String text, String source) throws Malformed {
        try (JsonReader r = new JsonReader(new StringReader(text))) {
            r.setLenient(true);
            if (r.peek() == JsonToken.END_DOCUMENT) {
                return JsonNull.INSTANCE;
            }
            JsonElement e = read(r, "", source);
            if (r.peek() != JsonToken.END_DOCUMENT) {
                throw new Malformed("text after the end of the JSON value at " + r.getPath());
            }
            return e;
        } catch (MalformedJsonException | IllegalStateException | NumberFormatException e) {
            throw new Malformed(firstLine(e.getMessage()));
        } catch (java.io.EOFException e) {
            throw new Malformed("the text ends in the middle of a value");
        } catch (IOException e) {
            throw new Malformed(firstLine(e.getMessage()));
        }
    }

    private static JsonElement read(JsonReader r, String path, String source) throws IOException {
        switch (r.peek()) {
            case BEGIN_OBJECT -> {
                JsonObject o = new JsonObject();
                r.beginObject();
                while (r.hasNext()) {
                    String key = r.nextName();
                    String at = path.isEmpty() ? key : path + "." + key;
                    if (o.has(key)) {
                        throw new UserInputException(source + ": setting '" + at + "' is given twice (JSON would keep "
                                + "only the last one silently); keep one of them");
                    }
                    o.add(key, read(r, at, source));
                }
                r.endObject();
                return o;
            }
            case BEGIN_ARRAY -> {
                JsonArray a = new JsonArray();
                r.beginArray();
                int i = 0;
                while (r.hasNext()) {
                    a.add(read(r, path + "[" + i++ + "]", source));
                }
                r.endArray();
                return a;
            }
            case STRING -> {
                return new JsonPrimitive(r.nextString());
            }
            case NUMBER -> {
                return new JsonPrimitive(new LazilyParsedNumber(r.nextString()));
            }
            case BOOLEAN -> {
                return new JsonPrimitive(r.nextBoolean());
            }
            case NULL -> {
                r.nextNull();
                return JsonNull.INSTANCE;
            }
            default -> throw new MalformedJsonException("unexpected " + r.peek() + " at " + r.getPath());
        }
    }

    private static String firstLine(String m) {
        if (m == null) {
            return "malformed JSON";
        }
        String s = m.replaceAll("\\s*See https?://\\S+", "");
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
