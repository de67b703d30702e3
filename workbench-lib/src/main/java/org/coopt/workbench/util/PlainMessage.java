package org.coopt.workbench.util;

/**
 * A message for a person: the words of a library's exception without the class names it prefixes to them
 * ({@code "java.io.EOFException: End of input at line 1"} reads {@code "End of input at line 1"}), and on one line.
 * Every user error the command line prints passes through here ({@code Main}), so no raw class name reaches a user
 * whichever library wrote the text.
 */
public final class PlainMessage {
    private PlainMessage() {}

    private static final java.util.regex.Pattern CLASS_PREFIX =
            java.util.regex.Pattern.compile("\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*(?:Exception|Error): ?");

    public static String of(String message) {
        if (message == null || message.isBlank()) {
            return "an unreadable input (no details)";
        }
        return CLASS_PREFIX.matcher(message).replaceAll("").replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
