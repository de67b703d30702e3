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
 * The workbench's Jupyter kernel: Java cells run by {@link SnippetEvaluator} in this JVM, values shown
 * by {@link KernelRenderers}, magics {@code %classpath}, {@code %jars}, {@code %maven}, completion and
 * inspection from JShell's source analysis, and errors cut down to what the user wrote.
 */
public final class CoOptKernel extends BaseKernel {

    private final SnippetEvaluator evaluator;
    private final CellMagics magics = new CellMagics();
    private final LanguageInfo languageInfo;
    private final PrintStream kernelErr;
    private final KernelSettings settings;
    private SourceDocs sourceDocs;

    public CoOptKernel(KernelSettings settings) {
        this.kernelErr = System.err;
        this.settings = settings;
        this.evaluator = new SnippetEvaluator(kernelErr);
        this.renderer = KernelRenderers.create();
        Display.install(this.renderer, data -> {
            System.out.flush(); // batched text printed before a display appears before it
            System.err.flush();
            getIO().display.display(data);
        });
        // progress bars (training, extraction, experiment cells) as one display each, updated in place
        org.coopt.workbench.util.ProgressView.install(new org.coopt.workbench.util.ProgressView() {
            @Override
            public Object open(String text) {
                String id = "coopt-progress-" + java.util.UUID.randomUUID();
                System.out.flush();
                System.err.flush();
                getIO().display.display(progressData(id, text));
                return id;
            }

            @Override
            public void update(Object handle, String text) {
                getIO().display.updateDisplay((String) handle, progressData((String) handle, text));
            }
        });

        // the workbench's log lines ([train], [features], ...) are information, not errors: stdout in a notebook
        org.coopt.workbench.util.Log.infoToStdout(true);
        CellModes.ExitGuard.install();
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
        return "Java " + Runtime.version() + " :: CoOpt Workbench kernel (JShell, in-process)";
    }

    @Override
    public List<LanguageInfo.Help> getHelpLinks() {
        return List.of(new LanguageInfo.Help("Java 17 API", "https://docs.oracle.com/en/java/javase/17/docs/api/"));
    }

    /** Runs a cell: its magic lines first, then the Java; returns the rendered value or null. */
    @Override
    public DisplayData eval(String cell) throws Exception {
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
                String untimed = CellModes.stripTime(cell);
                long t0 = System.nanoTime();
                try {
                    String java = runMagics(CellModes.runShellLines(untimed == null ? cell : untimed, System.out));
                    Object value = evaluator.eval(java);
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
