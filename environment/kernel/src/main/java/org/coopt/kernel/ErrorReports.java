package org.coopt.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShellException;
import jdk.jshell.UnresolvedReferenceException;

/**
 * Turns JShell's compile diagnostics and run-time exceptions into the few lines a notebook user needs:
 * the offending cell line with a caret under the error, and a stack trace that stops at the user's
 * code (frames of JShell, reflection and the kernel below it are noise and are dropped).
 */
final class ErrorReports {

    /** JShell compiles every snippet into a class in this package. */
    static final String SNIPPET_PACKAGE = "REPL.";

    /**
     * A frame in snippet code. JShell rewrites those frames before they reach us: the class name
     * becomes empty (or stays in {@code REPL.}), the file name is {@code #<snippet id>}, the line is
     * the line within the snippet, and the top-level code of a snippet has an empty method name.
     */
    static boolean isSnippetFrame(StackTraceElement f) {
        String file = f.getFileName();
        return f.getClassName().startsWith(SNIPPET_PACKAGE)
                || (file != null && file.startsWith("#") && f.getClassName().isEmpty());
    }

    private ErrorReports() {}

    /**
     * One diagnostic as shown in the notebook.
     *
     * @param cell        the whole cell
     * @param snippetAt   offset in the cell of the snippet's first non-blank character
     * @param source      the snippet's source as JShell compiled it (may start with blanks)
     */
    static List<String> diagnostic(String cell, int snippetAt, String source, Diag d) {
        List<String> out = new ArrayList<>();
        int leading = 0;
        while (leading < source.length() && Character.isWhitespace(source.charAt(leading))) {
            leading++;
        }
        int start = (int) Math.max(leading, d.getStartPosition());
        int end = (int) Math.max(start + 1, d.getEndPosition());
        int cellPos = Math.min(cell.length(), snippetAt + Math.min(start, source.length()) - leading);
        int lineStart = cell.lastIndexOf('\n', cellPos - 1) + 1;
        int lineEnd = cell.indexOf('\n', cellPos);
        if (lineEnd < 0) {
            lineEnd = cell.length();
        }
        int lineNo = lineNumber(cell, cellPos);
        String line = cell.substring(lineStart, lineEnd);
        int col = cellPos - lineStart;
        int width = Math.max(1, Math.min(end - start, line.length() - col));
        out.add("line " + lineNo + ": " + message(d));
        out.add("    " + line);
        out.add("    " + " ".repeat(Math.max(0, col)) + "^".repeat(width));
        return out;
    }

    /** The diagnostic's message without javac's "location:" line (the caret shows where). */
    static String message(Diag d) {
        StringBuilder sb = new StringBuilder();
        for (String l : d.getMessage(Locale.ROOT).split("\n")) {
            String t = l.strip();
            if (t.isEmpty() || t.startsWith("location:")) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append(sb.toString().endsWith(":") ? " " : "; ");
            }
            sb.append(t);
        }
        return sb.toString().replaceAll("\\s+", " ");
    }

    /** 1-based line of {@code pos} in {@code text}. */
    static int lineNumber(String text, int pos) {
        int n = 1;
        for (int i = 0; i < pos && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                n++;
            }
        }
        return n;
    }

    /**
     * The run-time failure as a {@link SnippetFailedException}: exception class and message, then the
     * trimmed stack trace and each cause.
     *
     * @param snippetLines first cell line of each snippet of this cell, by snippet id, so frames in
     *                     this cell's code show their cell line
     * @param sources      source of every snippet by id, to quote the line of each snippet frame
     */
    static SnippetFailedException runtime(JShellException e, Map<String, Integer> snippetLines,
                                          Map<String, String> sources) {
        if (e instanceof UnresolvedReferenceException u) {
            String msg = "'" + u.getSnippet().source().strip().lines().findFirst().orElse("")
                    + "' uses something not declared yet; declare it first";
            return new SnippetFailedException("UnresolvedReference", msg, List.of("UnresolvedReference: " + msg));
        }
        String cls = e instanceof EvalException ee ? ee.getExceptionClassName() : e.getClass().getName();
        if (INTERRUPTS.contains(cls)) {
            return interrupted(cls, e, snippetLines, sources);
        }
        List<String> report = new ArrayList<>();
        report.add(headline(cls, e.getMessage()));
        appendFrames(report, e.getStackTrace(), snippetLines, sources);
        Throwable cause = e.getCause();
        int depth = 0;
        while (cause != null && depth++ < 10) {
            String cc = cause instanceof EvalException ce ? ce.getExceptionClassName() : cause.getClass().getName();
            report.add("Caused by: " + headline(cc, cause.getMessage()));
            appendFrames(report, cause.getStackTrace(), snippetLines, sources);
            cause = cause.getCause();
        }
        return new SnippetFailedException(cls, e.getMessage(), report);
    }

    /** What an interrupt leaves: the workbench's loops' CancellationException, InterruptedException, a forced stop. */
    static final java.util.Set<String> INTERRUPTS = java.util.Set.of("java.util.concurrent.CancellationException",
            "java.lang.InterruptedException", "java.lang.ThreadDeath");

    /**
     * An interrupted cell: "Interrupted at cell line N: code" from the first frame of the running cell's code, and
     * what was running ("during ...") from the message, not a stack trace of the kernel. A forced stop's
     * {@code ThreadDeath} carries the stack of the thread that stopped it, so the stack the stopped thread had a
     * moment before ({@link CapturingExecutionControl#lastForcedStop()}) is used instead.
     */
    static SnippetFailedException interrupted(String cls, JShellException e, Map<String, Integer> snippetLines,
                                              Map<String, String> sources) {
        StackTraceElement[] frames = e.getStackTrace();
        String during = e.getMessage();
        if ("java.lang.ThreadDeath".equals(cls)) {
            StackTraceElement[] before = CapturingExecutionControl.lastForcedStop();
            frames = before == null ? frames : before;
            during = "stopped after ignoring the interrupt for " + CapturingExecutionControl.STOP_GRACE_MS + " ms";
        }
        String where = null;
        for (Throwable t = e; t != null && where == null; t = t.getCause()) {
            StackTraceElement[] fs = t == e ? frames : t.getStackTrace();
            for (int i = 0; i < fs.length; i++) {
                if (isSnippetFrame(fs[i])) {
                    where = frame(translated(fs[i]), i > 0 ? fs[i - 1] : null, snippetLines, sources);
                    break;
                }
            }
        }
        String head = "Interrupted" + (where == null ? "" : " at " + where);
        if (CapturingExecutionControl.STOPPED_BEFORE_START.equals(e.getMessage()) && snippetLines.size() == 1) {
            // stopped before it started: name the snippet itself
            Map.Entry<String, Integer> only = snippetLines.entrySet().iterator().next();
            head = "Interrupted before cell line " + only.getValue() + ": " + sourceLine(sources.get(only.getKey()), 1);
            during = null;
        }
        List<String> report = new ArrayList<>();
        report.add(head);
        if (during != null && !during.isBlank()) {
            report.add("(" + during + ")");
        }
        return new SnippetFailedException(cls, head, report);
    }

    /**
     * A raw frame of JShell's generated class ({@code REPL.$JShell$12}, as a live thread's stack shows it) in the
     * form JShell gives exception frames ({@code #12}); its line is the snippet's first, since the wrapper's line
     * numbers are JShell's own. Frames already in that form are returned as they are.
     */
    static StackTraceElement translated(StackTraceElement f) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^REPL\\.\\$JShell\\$(\\d+)").matcher(f.getClassName());
        if (f.getFileName() != null && f.getFileName().startsWith("#") || !m.find()) {
            return f;
        }
        return new StackTraceElement("", f.getMethodName().startsWith("do_it$") ? "" : f.getMethodName(),
                "#" + m.group(1), 1);
    }

    private static String headline(String cls, String message) {
        return message == null || message.isEmpty() ? cls : cls + ": " + message;
    }

    /** Frames up to the last one in snippet code; the machinery that called the snippet is dropped. */
    static void appendFrames(List<String> out, StackTraceElement[] frames, Map<String, Integer> snippetLines,
                             Map<String, String> sources) {
        int last = -1;
        for (int i = 0; i < frames.length; i++) {
            if (isSnippetFrame(frames[i])) {
                last = i;
            }
        }
        int keep = last >= 0 ? last + 1 : frames.length;
        for (int i = 0; i < keep; i++) {
            StackTraceElement f = frames[i];
            if (last < 0 && isMachinery(f.getClassName())) {
                continue;
            }
            out.add("    at " + frame(f, i > 0 ? frames[i - 1] : null, snippetLines, sources));
        }
    }

    private static boolean isMachinery(String cls) {
        return cls.startsWith("jdk.internal.reflect.") || cls.startsWith("java.lang.reflect.")
                || cls.startsWith("jdk.jshell.") || cls.startsWith("org.coopt.kernel.")
                || cls.equals("java.lang.Thread");
    }

    /**
     * A snippet frame shows where it is and the code line: {@code "cell line 3: f(0)"} for code of the
     * running cell, {@code "f, line 2 of its declaration: return 10 / k;"} for a method declared in an
     * earlier cell (JShell's snippet ids mean nothing to the user). Other frames keep the usual form.
     */
    static String frame(StackTraceElement f, Map<String, Integer> snippetLines, Map<String, String> sources) {
        return frame(f, null, snippetLines, sources);
    }

    /**
     * As {@link #frame(StackTraceElement, Map, Map)}, with the frame the snippet called ({@code callee}, or null).
     * JShell numbers every frame of a statement spanning several lines (a {@code try} or {@code for} block) as its
     * first line; the line that calls {@code callee}'s method is then found in the snippet's source instead.
     */
    static String frame(StackTraceElement f, StackTraceElement callee, Map<String, Integer> snippetLines,
                        Map<String, String> sources) {
        if (!isSnippetFrame(f)) {
            return f.toString();
        }
        String file = f.getFileName() == null ? "" : f.getFileName();
        String id = file.startsWith("#") ? file.substring(1) : file;
        String method = f.getMethodName();
        boolean topLevel = method.isEmpty() || method.startsWith("do_it$");
        int line = Math.max(1, f.getLineNumber());
        if (line == 1 && callee != null) {
            line = callingLine(sources.get(id), callee);
        }
        String code = sourceLine(sources.get(id), line);
        Integer first = snippetLines.get(id);
        String where = first != null
                ? (topLevel ? "" : method + " ") + "cell line " + (first + line - 1)
                : (topLevel ? "an earlier cell" : method) + ", line " + line + " of its declaration";
        return code.isEmpty() ? where : where + ": " + code;
    }

    /** The first line of {@code source} that calls {@code callee}'s method (or constructs its class), else 1. */
    static int callingLine(String source, StackTraceElement callee) {
        if (source == null) {
            return 1;
        }
        String cls = callee.getClassName();
        String simple = cls.substring(Math.max(cls.lastIndexOf('.'), cls.lastIndexOf('$')) + 1);
        java.util.regex.Pattern call = callee.getMethodName().equals("<init>")
                ? java.util.regex.Pattern.compile("\\bnew\\s+[\\w.]*\\b" + java.util.regex.Pattern.quote(simple) + "\\s*[(<]")
                : java.util.regex.Pattern.compile("\\b" + java.util.regex.Pattern.quote(callee.getMethodName()) + "\\s*\\(");
        String[] lines = source.strip().split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (call.matcher(lines[i]).find()) {
                return i + 1;
            }
        }
        return 1;
    }

    private static String sourceLine(String source, int line) {
        if (source == null) {
            return "";
        }
        String[] lines = source.strip().split("\n", -1);
        return line <= lines.length ? lines[line - 1].strip() : "";
    }
}
