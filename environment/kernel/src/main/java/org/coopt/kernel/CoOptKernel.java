package org.coopt.kernel;

import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.LanguageInfo;
import io.github.spencerpark.jupyter.kernel.ReplacementOptions;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import java.io.File;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The workbench's Jupyter kernel: Java cells run by {@link SnippetEvaluator} in this JVM or a child JVM
 * ({@link CellJvm}, a <b>(decision)</b> by what this JDK can guard), values shown
 * by {@link KernelRenderers}, magics {@code %classpath}, {@code %jars}, {@code %maven}, completion and
 * inspection from JShell's source analysis, and errors cut down to what the user wrote.
 */
public final class CoOptKernel extends BaseKernel {

    private final SnippetEvaluator evaluator;
    private final CellMagics magics = new CellMagics();
    private final CellHistory history = new CellHistory();
    private final LiveCurves curves;
    private final LanguageInfo languageInfo;
    private final PrintStream kernelErr;
    private final KernelSettings settings;
    private SourceDocs sourceDocs;

    public CoOptKernel(KernelSettings settings) {
        this.kernelErr = System.err;
        this.settings = settings;
        this.renderer = KernelRenderers.create();
        DisplaySink jupyter = CellServices.jupyter(this::getIO);
        this.evaluator = new SnippetEvaluator(kernelErr, settings.cellJvm().engine(jupyter));
        // what cells reach in their JVM (displays, progress bars, live charts); a child JVM installs its own
        this.curves = CellServices.install(this.renderer, jupyter);
        magics.register(new ClasspathMagic(evaluator::addToClasspath));
        magics.register(new JarsMagic(evaluator::addToClasspath));
        magics.register(new MavenMagic(new MavenResolver(settings), evaluator::addToClasspath, classpathJarNames()));

        this.languageInfo = new LanguageInfo.Builder("Java")
                .version(Runtime.version().toString())
                .mimetype("text/x-java-source")
                .fileExtension(".jshell")
                .pygments("java")
                .codemirror("text/x-java")
                .build();
    }

    /** A progress bar's display: its text, with the display id that later updates replace. */
    static DisplayData progressData(String id, String text) {
        DisplayData d = new DisplayData(text);
        d.putHTML("<pre style=\"margin:0\">" + text.replace("&", "&amp;").replace("<", "&lt;") + "</pre>");
        d.setDisplayId(id);
        return d;
    }

    /** The evaluator (for tests and for code that wants to run cells without Jupyter). */
    public SnippetEvaluator evaluator() {
        return evaluator;
    }

    private static Set<String> classpathJarNames() {
        Set<String> names = new HashSet<>();
        for (String e : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (e.endsWith(".jar")) {
                names.add(Path.of(e).getFileName().toString());
            }
        }
        return names;
    }

    @Override
    public LanguageInfo getLanguageInfo() {
        return languageInfo;
    }

    @Override
    public String getBanner() {
        return "Java " + Runtime.version() + " :: CoOpt Workbench kernel (JShell, " + evaluator.cellJvm() + ")";
    }

    @Override
    public List<LanguageInfo.Help> getHelpLinks() {
        return List.of(new LanguageInfo.Help("Java 17 API", "https://docs.oracle.com/en/java/javase/17/docs/api/"));
    }

    @Override
    public io.github.spencerpark.jupyter.kernel.history.HistoryManager getHistoryManager() {
        return history;
    }

    /** Answers {@code history_request} in Jupyter's wire format (installed by {@link KernelMain}). */
    io.github.spencerpark.jupyter.channels.ShellHandler<io.github.spencerpark.jupyter.messages.request.HistoryRequest>
            historyHandler() {
        return history.handler();
    }

    /** Runs a cell and records it for {@code history_request}. */
    @Override
    public DisplayData eval(String cell) throws Exception {
        DisplayData d = null;
        try {
            d = evalCell(cell);
            return d;
        } finally {
            Object text = d == null ? null : d.getData(io.github.spencerpark.jupyter.kernel.display.mime.MIMEType.TEXT_PLAIN);
            history.add(executionCount.get(), cell, text == null ? null : text.toString());
        }
    }

    /** Runs a cell: its magic lines first, then the Java; returns the rendered value or null. */
    private DisplayData evalCell(String cell) throws Exception {
        curves.newCell();
        evaluator.beginCell();
        try {
            return evalCellBody(cell);
        } finally {
            evaluator.endCell();
        }
    }

    private DisplayData evalCellBody(String cell) throws Exception {
        // the cell's stdout and stderr are batched into few IOPub messages (see BatchedOutput)
        PrintStream jupyterOut = System.out;
        PrintStream jupyterErr = System.err;
        // closed in reverse order: stdout's tail first, then stderr's
        try (BatchedOutput.Batched err = BatchedOutput.over(jupyterErr);
             BatchedOutput.Batched out = BatchedOutput.over(jupyterOut)) {
            System.setOut(out.stream());
            System.setErr(err.stream());
            try {
                String bash = CellModes.bashScript(cell);
                if (bash != null) {
                    CellModes.bash(bash, System.out);
                    return null;
                }
                String timeitArgs = CellModes.timeitArgs(cell);
                if (timeitArgs != null) {
                    String body = runMagics(CellModes.runShellLines(CellModes.afterFirstLine(cell), System.out));
                    timeit(timeitArgs + " " + body, 1, true);
                    return null;
                }
                String untimed = CellModes.stripTime(cell);
                long t0 = System.nanoTime();
                try {
                    String java = runMagics(CellModes.runShellLines(untimed == null ? cell : untimed, System.out));
                    Object value = evalWithTimedLines(java);
                    if (value == null) {
                        return null;
                    }
                    if (value.getClass().isArray()) {
                        return new DisplayData(CellModes.arrayText(value));
                    }
                    return value instanceof DisplayData d ? d : getRenderer().render(value);
                } finally {
                    if (untimed != null) {
                        System.out.println(CellModes.wallTime(System.nanoTime() - t0));
                    }
                }
            } finally {
                System.setOut(jupyterOut);
                System.setErr(jupyterErr);
            }
        }
    }

    /** One leading {@code -n N} or {@code -r R} option of {@code %timeit}. */
    private static final java.util.regex.Pattern TIMEIT_OPTION = java.util.regex.Pattern.compile("^-([nr])\\s*(\\d+)\\s*");

    private static final java.util.regex.Pattern TIMED_LINE =
            java.util.regex.Pattern.compile("^\\s*%(timeit|time)(?:\\s+(.*))?$");

    /**
     * The cell's Java with its {@code %time} / {@code %timeit} lines run in their place: the Java before a timed
     * line, then the timed statement, and so on; each piece is evaluated with the cell's earlier lines blank so
     * errors name the cell line. The value is the last piece's.
     */
    Object evalWithTimedLines(String java) throws Exception {
        String[] lines = java.split("\n", -1);
        Object value = null;
        int from = 0;
        for (int i = 0; i < lines.length; i++) {
            java.util.regex.Matcher m = TIMED_LINE.matcher(lines[i]);
            if (!m.matches()) {
                continue;
            }
            value = evaluator.eval(piece(lines, from, i));
            String stmt = m.group(2) == null ? "" : m.group(2).strip();
            if (stmt.isEmpty()) {
                throw new MagicFailedException("%" + m.group(1) + " needs a statement, e.g. %" + m.group(1)
                        + " Math.sqrt(2)");
            }
            if (m.group(1).equals("time")) {
                long t0 = System.nanoTime();
                try {
                    value = evaluator.eval("\n".repeat(i) + stmt);
                } finally {
                    System.out.println(CellModes.wallTime(System.nanoTime() - t0));
                }
            } else {
                timeit(stmt, i + 1, false);
                value = null;
            }
            from = i + 1;
        }
        String tail = piece(lines, from, lines.length);
        return from == 0 || !tail.isBlank() ? evaluator.eval(tail) : value;
    }

    /** Lines [from, to) of the cell after {@code from} blank lines, so the evaluator's line numbers are the cell's. */
    private static String piece(String[] lines, int from, int to) {
        return from >= to ? "" : "\n".repeat(from) + String.join("\n", java.util.Arrays.asList(lines).subList(from, to));
    }

    /**
     * {@code %timeit [-n N] [-r R] CODE} (or the body of a {@code %%timeit} cell): CODE runs inside a lambda given to
     * {@link Timeit#run}; an expression that is not a statement ({@code 1 + 1}) is timed as {@code Object v = (CODE)}.
     */
    private void timeit(String argsAndCode, int line, boolean cell) throws Exception {
        long loops = 0;
        int runs = 0;
        String rest = argsAndCode.strip();
        java.util.regex.Matcher opt = TIMEIT_OPTION.matcher(rest);
        while (opt.find()) {
            if (opt.group(1).equals("n")) {
                loops = Long.parseLong(opt.group(2));
            } else {
                runs = Integer.parseInt(opt.group(2));
            }
            rest = rest.substring(opt.end());
            opt = TIMEIT_OPTION.matcher(rest);
        }
        if (rest.isBlank()) {
            throw new MagicFailedException("%timeit needs a statement, e.g. %timeit Math.sqrt(2)");
        }
        String pad = "\n".repeat(Math.max(0, line - 1));
        String open = "org.coopt.kernel.Timeit.run(() -> {";
        String close = "\n}, " + loops + "L, " + runs + ");";
        try {
            evaluator.eval(pad + open + (cell ? "\n" : "") + rest + (rest.endsWith(";") || cell ? "" : ";") + close);
        } catch (CompilationFailedException statement) {
            if (cell) {
                throw statement;
            }
            try {
                evaluator.eval(pad + open + "Object timedValue = (" + rest.replaceAll(";\\s*$", "") + ");" + close);
            } catch (CompilationFailedException expression) {
                throw statement;
            }
        }
    }

    /** Runs the cell's magics, printing their messages to the cell output; returns the Java part. */
    String runMagics(String cell) throws MagicFailedException {
        return magics.runMagics(cell, msg -> System.out.println(msg));
    }

    @Override
    public List<String> formatError(Exception e) {
        if (e instanceof CompilationFailedException c) {
            List<String> lines = new ArrayList<>();
            lines.add(red("Compilation error"));
            lines.addAll(c.report());
            return lines;
        }
        if (e instanceof SnippetFailedException s) {
            List<String> lines = new ArrayList<>(s.report());
            lines.set(0, red(lines.get(0)));
            return lines;
        }
        if (e instanceof IncompleteCellException || e instanceof MagicFailedException) {
            return List.of(red(e.getMessage()));
        }
        return super.formatError(e);
    }

    private static String red(String s) {
        return "\u001b[1;31m" + s + "\u001b[0m";
    }

    @Override
    public ReplacementOptions complete(String code, int at) {
        int[] anchor = new int[1];
        List<String> options = evaluator.complete(code, at, anchor);
        return options.isEmpty() ? null : new ReplacementOptions(options, anchor[0], at);
    }

    /**
     * Shift-Tab: the signature and Javadoc of the name under or before the cursor. JShell documents a call
     * ({@code Math.max(}); on a bare name ({@code Math.max}, {@code Uniformity}) the kernel asks again as if a call
     * or a constructor followed, and the Javadoc comes from {@link SourceDocs} where JShell has none.
     */
    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        int end = at;
        while (end < code.length() && Character.isJavaIdentifierPart(code.charAt(end))) {
            end++;
        }
        boolean call = end < code.length() && code.charAt(end) == '(';
        if (call) {
            end++;
        }
        List<String> docs = evaluator.documentation(code, end, sourceDocs());
        if (docs.isEmpty() && !call) {
            String head = code.substring(0, end);
            docs = evaluator.documentation(head + "(", end + 1, sourceDocs());
            if (docs.isEmpty()) {
                docs = typeDocs(head);
            }
        }
        return docs.isEmpty() ? null : new DisplayData(String.join("\n\n", docs));
    }

    /** The Javadoc of a type named at the end of {@code head} ({@code Uniformity}, {@code Uniformity.Settings}). */
    private List<String> typeDocs(String head) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([A-Za-z_$][\\w$]*(?:\\.[A-Za-z_$][\\w$]*)*)$")
                .matcher(head);
        if (!m.find()) {
            return List.of();
        }
        String name = evaluator.qualifiedTypeName(m.group(1));
        if (name == null) {
            return List.of();
        }
        return sourceDocs().javadoc(name).map(d -> List.of(name + "\n\n" + d)).orElse(List.of(name));
    }

    private SourceDocs sourceDocs() {
        if (sourceDocs == null) {
            String home = System.getProperty("coopt.repo", System.getenv("COOPT_HOME"));
            sourceDocs = SourceDocs.forWorkbench(home == null ? null : Path.of(home), settings.cacheDir());
        }
        return sourceDocs;
    }

    @Override
    public String isComplete(String code) {
        return evaluator.isComplete(code);
    }

    @Override
    public void interrupt() {
        evaluator.stop();
    }

    @Override
    public void onShutdown(boolean isRestarting) {
        evaluator.close();
    }
}
