package org.coopt.experiments;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.annotations.SerializedName;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.coopt.workbench.util.Json;
import org.coopt.workbench.util.UserInputException;

/**
 * Reads an experiment config strictly against its record type, the schema: every key must be a component of the
 * record (recursively through nested records, lists and maps of records), every value must have the component's
 * type, and overrides {@code path=value} ({@code budget.epochs=8}, {@code coopt.dim=32}) must name a component. Each
 * refusal is one line naming the key and the file, made before any run folder exists (Gson alone drops unknown
 * keys silently, so a typo ran the default, and a wrong type ended in a reflection trace).
 */
public final class ConfigReader {
    private ConfigReader() {}

    /** Parses {@code text} (from {@code source}, for messages), applies {@code overrides} and builds the record. */
    public static <C extends Record> C read(String text, String source, Class<C> type, List<String> overrides) {
        return read(text, source, type, overrides, c -> { });
    }

    /**
     * {@link #read(String, String, Class, List)}, then {@code check} on the record (checks that need more than the
     * record, {@link ConfigChecks}). A refusal names where the refused value came from: the file when the file alone
     * is refused, else the first override after which the config is refused ({@code --set budget.epochs=0}), found
     * by reading the file with ever longer prefixes of the overrides. A message that named the file for a value the
     * user typed after {@code --set} sent them to look for it in a file that does not hold it.
     */
    public static <C extends Record> C read(String text, String source, Class<C> type, List<String> overrides,
                                            Consumer<C> check) {
        try {
            return attempt(text, source, source, type, overrides, check);
        } catch (UserInputException e) {
            if (overrides.isEmpty()) {
                throw e;
            }
        }
        for (int i = 0; i <= overrides.size(); i++) {
            String where = i == 0 ? source : "--set " + overrides.get(i - 1);
            attempt(text, source, where, type, overrides.subList(0, i), check); // throws at the first refused prefix
        }
        throw new IllegalStateException("the overrides were refused together but not in any prefix: " + overrides);
    }

    /**
     * One reading: {@code source} is the file (for "the config of FILE"), {@code where} is named in messages as
     * the origin of a refused value.
     */
    private static <C extends Record> C attempt(String text, String source, String where, Class<C> type,
                                                List<String> overrides, Consumer<C> check) {
        JsonElement root;
        try {
            root = StrictJson.parse(text, source);
        } catch (StrictJson.Malformed e) {
            throw new UserInputException(source + " is not valid JSON (" + e.getMessage() + ")");
        }
        if (root == null || !root.isJsonObject()) {
            throw new UserInputException(source + " must hold one JSON object of settings");
        }
        JsonObject obj = root.getAsJsonObject();
        for (String o : overrides) {
            apply(obj, o, type, source);
        }
        checkKeys(obj, type, "", where);
        C c;
        try {
            c = Json.GSON.fromJson(obj, type);
            if (c == null) {
                throw new UserInputException(source + " is empty");
            }
        } catch (JsonParseException e) {
            throw new UserInputException(where + ": " + typeMessage(e));
        } catch (UserInputException e) {
            throw e;
        } catch (RuntimeException e) {
            Throwable t = e;
            while (t.getCause() != null && !(t instanceof IllegalArgumentException || t instanceof UserInputException)) {
                t = t.getCause();
            }
            if (t instanceof IllegalArgumentException || t instanceof UserInputException) {
                throw new UserInputException((where.equals(source) ? "invalid setting in " + source : where) + ": "
                        + t.getMessage());
            }
            List<String> missing = missing(obj, type);
            throw new UserInputException(where + ": cannot build the settings"
                    + (missing.isEmpty() ? " (" + firstLine(t) + ")" : "; missing settings: " + missing));
        }
        try {
            check.accept(c);
        } catch (UserInputException e) {
            throw where.equals(source) ? e : new UserInputException(where + ": " + e.getMessage(), e);
        }
        return c;
    }

    /** The JSON of a record as the runner records it (every component, defaults included). */
    public static JsonObject toJson(Record config) {
        return JsonParser.parseString(Json.GSON.toJson(config)).getAsJsonObject();
    }

    /** Sets {@code path=value} in {@code obj}; the path must name a component of {@code type}'s schema. */
    static void apply(JsonObject obj, String override, Class<?> type, String source) {
        int eq = override.indexOf('=');
        if (eq <= 0) {
            throw new UserInputException("override '" + override + "' must be PATH=VALUE, e.g. budget.epochs=8");
        }
        String path = override.substring(0, eq).trim();
        String raw = override.substring(eq + 1).trim();
        String[] parts = path.split("\\.");
        JsonObject at = obj;
        Class<?> t = type;
        for (int i = 0; i < parts.length; i++) {
            RecordComponent c = component(t, parts[i]);
            if (c == null) {
                throw new UserInputException("override " + path + ": no setting '" + parts[i] + "' in "
                        + (i == 0 ? "the config of " + source : parts[i - 1]) + "; known: " + names(t));
            }
            if (i == parts.length - 1) {
                JsonElement v = value(raw);
                if (List.class.isAssignableFrom(c.getType()) && !v.isJsonArray() && !v.isJsonNull()) {
                    JsonArray one = new JsonArray(); // methods=coopt: a list of one
                    one.add(v);
                    v = one;
                }
                at.add(parts[i], v);
                return;
            }
            if (!c.getType().isRecord()) {
                throw new UserInputException("override " + path + ": '" + parts[i] + "' is not a group of settings");
            }
            if (!at.has(parts[i]) || !at.get(parts[i]).isJsonObject()) {
                at.add(parts[i], new JsonObject());
            }
            at = at.getAsJsonObject(parts[i]);
            t = c.getType();
        }
    }

    /** A plain decimal number as typed after {@code --set} ({@code 016}, {@code +5}, {@code .5}, {@code 1e-3}). */
    private static final java.util.regex.Pattern NUMBER =
            java.util.regex.Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    /**
     * A JSON value from an override's text: a number when it reads as a decimal number (also {@code 016} or
     * {@code +5}, which JSON itself would take for words, so that {@code 16} and {@code 016} are the same value),
     * JSON when it parses ({@code true}, {@code [..]}, {@code "..."}, objects), else a string. Numbers keep their
     * text for messages.
     */
    static JsonElement value(String raw) {
        if (raw.contains(",") && !raw.startsWith("[") && !raw.startsWith("\"") && !raw.startsWith("{")) {
            JsonArray a = new JsonArray();
            for (String part : raw.split(",")) {
                a.add(value(part.trim()));
            }
            return a;
        }
        if (NUMBER.matcher(raw).matches()) {
            return new JsonPrimitive(new com.google.gson.internal.LazilyParsedNumber(raw));
        }
        try {
            JsonElement e = StrictJson.parse(raw, "--set value " + raw);
            if (e != null && !e.isJsonNull()) {
                return e;
            }
        } catch (StrictJson.Malformed ignored) {
            // a bare word: a string
        }
        return new JsonPrimitive(raw);
    }

    /** Refuses keys that are not components of the record type, at any depth. */
    static void checkKeys(JsonObject obj, Type type, String prefix, String source) {
        Class<?> raw = rawClass(type);
        if (raw == null || !raw.isRecord()) {
            return;
        }
        for (Map.Entry<String, JsonElement> e : obj.entrySet()) {
            RecordComponent c = component(raw, e.getKey());
            if (c == null) {
                throw new UserInputException(source + ": unknown setting '" + prefix + e.getKey() + "'"
                        + " (known" + (prefix.isEmpty() ? "" : " in " + prefix.substring(0, prefix.length() - 1))
                        + ": " + names(raw) + ")");
            }
            checkValue(e.getValue(), c.getGenericType(), prefix + e.getKey(), source);
        }
    }

    private static void checkValue(JsonElement v, Type type, String path, String source) {
        Class<?> raw = rawClass(type);
        if (v == null || v.isJsonNull() || raw == null) {
            return;
        }
        if (raw.isEnum()) {
            List<String> names = enumNames(raw);
            if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString() || !enumAccepts(raw, v.getAsString())) {
                throw new UserInputException(source + ": setting '" + path + "' must be one of " + names + ", got " + v);
            }
            return;
        }
        String want = expected(raw);
        if (want != null) {
            if (want.equals("a number") && v.isJsonPrimitive() && v.getAsJsonPrimitive().isNumber()) {
                checkNumber(v.getAsJsonPrimitive(), raw, path, source);
                return;
            }
            boolean ok = switch (want) {
                case "a number" -> false;
                case "true or false" -> v.isJsonPrimitive() && v.getAsJsonPrimitive().isBoolean();
                default -> v.isJsonPrimitive() && v.getAsJsonPrimitive().isString();
            };
            if (!ok) {
                throw new UserInputException(source + ": setting '" + path + "' must be " + want
                        + (want.equals("a number") && !isFloating(raw) ? " (a whole number)" : "") + ", got " + v);
            }
            return;
        }
        if (raw.isRecord()) {
            if (!v.isJsonObject()) {
                throw new UserInputException(source + ": setting '" + path + "' must be an object of settings ("
                        + names(raw) + "), got " + v);
            }
            checkKeys(v.getAsJsonObject(), raw, path + ".", source);
        } else if (List.class.isAssignableFrom(raw) && type instanceof ParameterizedType p) {
            if (!v.isJsonArray()) {
                throw new UserInputException(source + ": setting '" + path + "' must be a list, got " + v);
            }
            int i = 0;
            for (JsonElement x : v.getAsJsonArray()) {
                checkValue(x, p.getActualTypeArguments()[0], path + "[" + i++ + "]", source);
            }
        } else if (Map.class.isAssignableFrom(raw) && type instanceof ParameterizedType p) {
            if (!v.isJsonObject()) {
                throw new UserInputException(source + ": setting '" + path + "' must be an object, got " + v);
            }
            for (Map.Entry<String, JsonElement> e : v.getAsJsonObject().entrySet()) {
                checkValue(e.getValue(), p.getActualTypeArguments()[1], path + "." + e.getKey(), source);
            }
        }
    }

    /**
     * A number must fit its component: a whole number for int and long components, within their range (Gson
     * narrows 99999999999 to 1215752191 without a word), and finite for floating components (1e999 would read as
     * infinity). The message shows the number as the user wrote it.
     */
    private static void checkNumber(JsonPrimitive p, Class<?> raw, String path, String source) {
        String text = p.getAsString();
        java.math.BigDecimal d;
        try {
            d = new java.math.BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            throw new UserInputException(source + ": setting '" + path + "' must be a finite number, got " + text);
        }
        if (isFloating(raw)) {
            double x = d.doubleValue();
            if (!Double.isFinite(x) || (raw == float.class || raw == Float.class) && !Float.isFinite((float) x)) {
                throw new UserInputException(source + ": setting '" + path + "' must be a finite number, got " + text
                        + " (beyond the range of a number here)");
            }
            return;
        }
        if (!isWhole(d)) {
            throw new UserInputException(source + ": setting '" + path + "' must be a number (a whole number), got "
                    + text);
        }
        boolean isLong = raw == long.class || raw == Long.class;
        java.math.BigDecimal min = java.math.BigDecimal.valueOf(isLong ? Long.MIN_VALUE : Integer.MIN_VALUE);
        java.math.BigDecimal max = java.math.BigDecimal.valueOf(isLong ? Long.MAX_VALUE : Integer.MAX_VALUE);
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new UserInputException(source + ": setting '" + path + "' is " + text + ", outside the whole numbers "
                    + "it can hold (" + String.format(java.util.Locale.ROOT, "%,d to %,d", min.longValue(), max.longValue())
                    + "); give a smaller value");
        }
    }

    /** The names an enum is written with in configs: its {@code @SerializedName} values, else its constant names. */
    static List<String> enumNames(Class<?> type) {
        List<String> out = new ArrayList<>();
        for (Object constant : type.getEnumConstants()) {
            SerializedName n = serializedName(type, (Enum<?>) constant);
            out.add(n == null ? ((Enum<?>) constant).name() : n.value());
        }
        return out;
    }

    /** Whether Gson reads {@code s} as a constant of the enum (its name, or a serialized name or alternate). */
    private static boolean enumAccepts(Class<?> type, String s) {
        for (Object constant : type.getEnumConstants()) {
            SerializedName n = serializedName(type, (Enum<?>) constant);
            if (n == null ? ((Enum<?>) constant).name().equals(s)
                    : n.value().equals(s) || Arrays.asList(n.alternate()).contains(s)) {
                return true;
            }
        }
        return false;
    }

    private static SerializedName serializedName(Class<?> type, Enum<?> constant) {
        try {
            return type.getField(constant.name()).getAnnotation(SerializedName.class);
        } catch (NoSuchFieldException e) {
            return null;
        }
    }

    /** What a scalar component needs, or null for records, lists and maps. */
    private static String expected(Class<?> raw) {
        if (raw == int.class || raw == long.class || raw == double.class || raw == float.class
                || Number.class.isAssignableFrom(raw)) {
            return "a number";
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return "true or false";
        }
        if (raw == String.class) {
            return "a string";
        }
        return null;
    }

    private static boolean isFloating(Class<?> raw) {
        return raw == double.class || raw == float.class || raw == Double.class || raw == Float.class;
    }

    private static boolean isWhole(java.math.BigDecimal d) {
        return d.stripTrailingZeros().scale() <= 0;
    }

    private static List<String> missing(JsonObject obj, Class<?> type) {
        List<String> out = new ArrayList<>();
        for (RecordComponent c : type.getRecordComponents()) {
            if (!obj.has(c.getName()) && !c.getType().isPrimitive()) {
                out.add(c.getName());
            }
        }
        return out;
    }

    private static Class<?> rawClass(Type t) {
        if (t instanceof Class<?> c) {
            return c;
        }
        if (t instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
            return c;
        }
        return null;
    }

    private static RecordComponent component(Class<?> type, String name) {
        if (!type.isRecord()) {
            return null;
        }
        return Arrays.stream(type.getRecordComponents()).filter(c -> c.getName().equals(name)).findFirst().orElse(null);
    }

    private static String names(Class<?> type) {
        return type.isRecord() ? String.join(", ", Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName)
                .toList()) : "";
    }

    /** Gson's type error as "setting 'a.b': expected ..., got ...". */
    static String typeMessage(JsonParseException e) {
        String m = firstLine(e);
        java.util.regex.Matcher path = java.util.regex.Pattern.compile("path \\$\\.?([\\w.\\[\\]]*)").matcher(m);
        String where = path.find() ? "setting '" + path.group(1) + "'" : "a setting";
        String what = m.replaceAll(" at line \\d+ column \\d+ path \\S+", "").replaceAll("\\s*See https?://\\S+", "");
        return where + " has the wrong type (" + what.trim() + ")";
    }

    private static String firstLine(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root && root.getMessage() == null) {
            root = root.getCause();
        }
        String m = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
