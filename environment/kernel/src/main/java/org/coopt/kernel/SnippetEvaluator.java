package org.coopt.kernel;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Diag;
import jdk.jshell.ImportSnippet;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;

/**
 * A JShell session that runs cells with this JVM's classpath (the workbench and its libraries), in this JVM or
 * in a child JVM ({@link CellJvm} chooses, {@link CellEngine} runs), and returns the cell's value: the real object
 * in-process, its rendered {@code DisplayData} from a child JVM.
 *
 * <p>When the session's JVM ends (a child JVM that a cell ended with {@code System.exit}, or that an ignored
 * interrupt ended), the cell fails with a report of what was lost, and the next cell starts a new session with the
 * default imports and the classpath additions applied again.
 *
 * <p>The session is created on first use, not in the constructor, so the kernel answers Jupyter's
 * handshake at once; nothing runs in the background. A cell is cut into JShell snippets and run in
 * order; the first failing snippet stops the cell. The cell's value is the value of its last snippet
 * when that snippet is an expression or a bare variable name, else {@code null} (nothing to show).
 */
public final class SnippetEvaluator implements AutoCloseable {

    private final PrintStream diagnosticsOut;
    private final CellEngine engine;
    private volatile JShell shell;
    private volatile boolean sessionEnded;
    private final List<String> classpathAdded = new ArrayList<>();

    /** @param diagnosticsOut where problems with the default imports are reported (the kernel's stderr) */
    public SnippetEvaluator(PrintStream diagnosticsOut) {
        this(diagnosticsOut, CellJvm.fromEnvironment().engine(DisplayLines.textOnly()));
    }

    /** @param engine the JVM the cells run in */
    SnippetEvaluator(PrintStream diagnosticsOut, CellEngine engine) {
        this.diagnosticsOut = diagnosticsOut;
        this.engine = engine;
    }

    /** {@code in-process} or {@code child JVM}. */
    public String cellJvm() {
        return engine.describe();
    }

    private synchronized JShell shell() {
        if (shell == null) {
            JShell.Builder builder = JShell.builder();
            engine.configure(builder);
            shell = builder.build();
            sessionEnded = false;
            shell.onShutdown(s -> sessionEnded = true);
            for (String path : classpathAdded) {
                shell.addToClasspath(path);
            }
            for (String imp : DefaultImports.IMPORTS) {
                List<SnippetEvent> events = shell.eval(imp);
                for (SnippetEvent ev : events) {
                    if (!ev.status().isDefined()) {
                        diagnosticsOut.println("coopt kernel: default import skipped: " + imp + " ("
                                + shell.diagnostics(ev.snippet()).map(ErrorReports::message)
                                        .collect(Collectors.joining("; ")) + ")");
                    }
                }
            }
        }
        return shell;
    }

    /** Starts the session now (otherwise the first cell does it). Idempotent. */
    public void start() {
        shell();
    }

    /** The default imports that did not resolve (empty when all are fine). */
    public synchronized List<String> failedImports() {
        JShell s = shell();
        List<String> failed = new ArrayList<>();
        s.imports().forEach(i -> {
            if (!s.status(i).isDefined()) {
                failed.add(i.source().strip());
            }
        });
        return failed;
    }

    /**
     * Runs a cell.
     *
     * @return the value of the cell's last snippet when it is an expression, else {@code null}
     */
    public synchronized Object eval(String cell)
            throws CompilationFailedException, SnippetFailedException, IncompleteCellException {
        if (!inCell) {
            interruptRequested = false;
            clearPendingStop();
        }
        JShell s = shell();
        SourceCodeAnalysis analysis = s.sourceCodeAnalysis();
        String rest = cell;
        Object last = null;
        while (true) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
            if (!info.completeness().isComplete()) {
                if (info.completeness() != SourceCodeAnalysis.Completeness.EMPTY) {
                    throw new IncompleteCellException(info.remaining());
                }
                return last;
            }
            int consumed = cell.length() - rest.length();
            int at = consumed;
            while (at < cell.length() && Character.isWhitespace(cell.charAt(at))) {
                at++;
            }
            if (interruptRequested) {
                // the interrupt came between two snippets (nothing was running to stop): the rest does not run
                int line = ErrorReports.lineNumber(cell, at);
                String code = info.source().strip().lines().findFirst().orElse("");
                String head = "Interrupted before cell line " + line + ": " + code;
                throw new SnippetFailedException("java.lang.InterruptedException", head, List.of(head));
            }
            last = evalSnippet(cell, at, info.source());
            rest = info.remaining();
        }
    }

    private Object evalSnippet(String cell, int at, String source)
            throws CompilationFailedException, SnippetFailedException {
        List<SnippetEvent> events;
        Object value = null;
        try {
            events = shell.eval(source);
            for (SnippetEvent ev : events) {
                if (ev.causeSnippet() != null || ev.value() == null || sessionEnded) {
                    continue;
                }
                Snippet.SubKind kind = ev.snippet().subKind();
                boolean shown = switch (kind) {
                    case VAR_VALUE_SUBKIND, OTHER_EXPRESSION_SUBKIND, TEMP_VAR_EXPRESSION_SUBKIND -> true;
                    default -> false;
                };
                value = kind.isExecutable() ? engine.value(ev.value(), shown) : null;
            }
        } catch (IllegalStateException closed) {
            if (!sessionEnded) {
                throw closed;
            }
            events = List.of();
        } finally {
            engine.afterSnippet();
        }
        if (sessionEnded) {
            throw sessionEndedReport(cell, at, source);
        }
        boolean silentStop = engine.takeSilentStop();
        for (SnippetEvent ev : events) {
            if (ev.causeSnippet() != null) {
                continue;
            }
            JShellException ex = ev.exception();
            if (ex != null) {
                Map<String, Integer> lines = new HashMap<>();
                lines.put(ev.snippet().id(), ErrorReports.lineNumber(cell, at));
                Map<String, String> sources = new HashMap<>();
                shell.snippets().forEach(sn -> sources.put(sn.id(), sn.source()));
                throw ErrorReports.runtime(ex, lines, sources);
            }
            if (!ev.status().isDefined()) {
                throw compilationFailure(cell, at, ev.snippet());
            }
        }
        if (silentStop) {
            String head = "Interrupted at cell line " + ErrorReports.lineNumber(cell, at) + ": " + firstLine(source);
            throw new SnippetFailedException("java.lang.ThreadDeath", head,
                    List.of(head, "(the code ignored the interrupt and was stopped by force; the session goes on)"));
        }
        return value;
    }

    /** What the user is told when the JVM that ran the session ended during the snippet at {@code at}. */
    static final String LOST = "A new JVM runs the next cell: every variable, method, class and import of this "
            + "session is gone (the default imports and the %classpath, %jars and %maven additions are applied "
            + "again); re-run the cells this one needs.";

    private SnippetFailedException sessionEndedReport(String cell, int at, String source) {
        boolean byInterrupt = engine.endedByInterrupt();
        try {
            shell.close();
        } catch (RuntimeException e) {
            // already closed down
        }
        shell = null;
        String where = "cell line " + ErrorReports.lineNumber(cell, at) + ": " + firstLine(source);
        String head = byInterrupt
                ? "Interrupted at " + where + " (the code ignored the interrupt, so the JVM that runs cells was ended)"
                : "The JVM that runs cells ended at " + where + " (System.exit, or a crash)";
        return new SnippetFailedException(byInterrupt ? "java.lang.InterruptedException"
                : jdk.jshell.spi.ExecutionControl.EngineTerminationException.class.getName(), head, List.of(head, LOST));
    }

    private static String firstLine(String source) {
        return source.strip().lines().findFirst().orElse("");
    }

    private CompilationFailedException compilationFailure(String cell, int at, Snippet snippet) {
        List<String> report = new ArrayList<>();
        String first = null;
        for (Diag d : (Iterable<Diag>) shell.diagnostics(snippet)::iterator) {
            if (!d.isError()) {
                continue;
            }
            List<String> lines = ErrorReports.diagnostic(cell, at, snippet.source(), d);
            if (first == null) {
                first = lines.get(0);
            }
            report.addAll(lines);
        }
        if (snippet instanceof DeclarationSnippet decl) {
            List<String> missing = shell.unresolvedDependencies(decl).collect(Collectors.toList());
            if (!missing.isEmpty()) {
                String line = "line " + ErrorReports.lineNumber(cell, at) + ": declared, but cannot be used until "
                        + String.join(", ", missing) + " is declared";
                report.add(line);
                if (first == null) {
                    first = line;
                }
            }
        }
        if (first == null) {
            first = "line " + ErrorReports.lineNumber(cell, at) + ": the snippet was rejected by the compiler";
            report.add(first);
        }
        return new CompilationFailedException(first, report);
    }

    /** Completion candidates at {@code cursor}; {@code anchor[0]} receives where the replacement starts. */
    public synchronized List<String> complete(String code, int cursor, int[] anchor) {
        SourceCodeAnalysis analysis = shell().sourceCodeAnalysis();
        int start = snippetStart(analysis, code, cursor);
        int[] localAnchor = new int[1];
        List<SourceCodeAnalysis.Suggestion> suggestions =
                analysis.completionSuggestions(code.substring(start, cursor), cursor - start, localAnchor);
        anchor[0] = start + localAnchor[0];
        Map<String, Boolean> ordered = new LinkedHashMap<>();
        suggestions.stream().filter(SourceCodeAnalysis.Suggestion::matchesType)
                .forEach(sg -> ordered.putIfAbsent(sg.continuation(), true));
        suggestions.forEach(sg -> ordered.putIfAbsent(sg.continuation(), true));
        return new ArrayList<>(ordered.keySet());
    }

    /**
     * Signatures and Javadoc of what is under the cursor, or an empty list. Where JShell has no Javadoc (it reads
     * only a {@code src.zip} in {@code java.home}), {@code docs} supplies it from the sources.
     */
    public synchronized List<String> documentation(String code, int cursor, SourceDocs docs) {
        SourceCodeAnalysis analysis = shell().sourceCodeAnalysis();
        int start = snippetStart(analysis, code, cursor);
        List<String> out = new ArrayList<>();
        for (SourceCodeAnalysis.Documentation d
                : analysis.documentation(code.substring(start, cursor), cursor - start, true)) {
            // one rendering whatever the JDK: JShell 17 finds no Javadoc where the JDK has no src.zip, JShell 25 returns
            // the raw comment ({@code ...} and all) and prints a record's components in a member's signature
            String signature = SourceDocs.withoutRecordHeaders(d.signature());
            String javadoc = docs == null ? null : docs.javadoc(signature, this::qualifiedTypeName).orElse(null);
            if ((javadoc == null || javadoc.isBlank()) && d.javadoc() != null && !d.javadoc().isBlank()) {
                javadoc = SourceDocs.plain(d.javadoc());
            }
            out.add(javadoc == null || javadoc.isBlank() ? signature : signature + "\n\n" + javadoc);
        }
        return out;
    }

    /** The qualified name of the type {@code name} as the session resolves it (imports included), or null. */
    public synchronized String qualifiedTypeName(String name) {
        String code = name + ".class";
        String t = shell().sourceCodeAnalysis().analyzeType(code, code.length());
        if (t == null || !t.endsWith(">") || !t.matches("(java\\.lang\\.)?Class<.*")) {
            return null;
        }
        String inner = t.substring(t.indexOf('<') + 1, t.length() - 1);
        if (!inner.contains(".") || Character.isUpperCase(inner.charAt(0))) {
            // JShell prints java.lang's classes, and (JShell 21+) imported ones, by their simple name
            try {
                Class.forName("java.lang." + inner.replace('.', '$'), false, ClassLoader.getPlatformClassLoader());
                return "java.lang." + inner;
            } catch (ClassNotFoundException e) {
                return imported(inner);
            }
        }
        return inner;
    }

    /**
     * {@code simple} ({@code PlatformSettings}, {@code Alignment.Choice}) qualified through the session's imports: a
     * single-type import of its first name, else the first on-demand import whose package holds a type of that name;
     * {@code simple} itself where none does.
     */
    private String imported(String simple) {
        int dot = simple.indexOf('.');
        String first = dot < 0 ? simple : simple.substring(0, dot);
        String rest = dot < 0 ? "" : simple.substring(dot);
        List<String> onDemand = new ArrayList<>();
        for (ImportSnippet i : shell().imports().toList()) {
            if (i.isStatic()) {
                continue;
            }
            String name = i.fullname();
            if (name.endsWith("." + first)) {
                return name + rest;
            }
            if (name.endsWith(".*")) {
                onDemand.add(name.substring(0, name.length() - 1) + first);
            }
        }
        for (String candidate : onDemand) {
            String code = candidate + ".class";
            if (shell().sourceCodeAnalysis().analyzeType(code, code.length()) != null) {
                return candidate + rest;
            }
        }
        return simple;
    }

    /** Offset where the snippet containing {@code cursor} begins (complete snippets before it skipped). */
    private static int snippetStart(SourceCodeAnalysis analysis, String code, int cursor) {
        int start = 0;
        String rest = code.substring(0, cursor);
        while (true) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
            if (!info.completeness().isComplete() || info.remaining().isBlank()) {
                return start;
            }
            start += rest.length() - info.remaining().length();
            rest = info.remaining();
        }
    }

    /** Jupyter's is_complete: "complete", "invalid", or an indent for one more line. */
    public synchronized String isComplete(String code) {
        SourceCodeAnalysis analysis = shell().sourceCodeAnalysis();
        String rest = code;
        while (true) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
            switch (info.completeness()) {
                case EMPTY:
                    return "complete";
                case COMPLETE:
                case COMPLETE_WITH_SEMI:
                    if (info.remaining().isBlank()) {
                        return "complete";
                    }
                    rest = info.remaining();
                    break;
                case DEFINITELY_INCOMPLETE:
                case CONSIDERED_INCOMPLETE:
                    return "    ";
                default:
                    return "invalid";
            }
        }
    }

    /** Makes a jar or class folder visible to later cells (compiler and class loader). */
    public synchronized void addToClasspath(String path) {
        classpathAdded.add(path);
        if (shell != null) {
            shell.addToClasspath(path);
        }
    }

    private volatile boolean interruptRequested;
    private volatile boolean inCell;

    /**
     * A notebook cell begins: until {@link #endCell()}, an interrupt ({@link #stop()}) also stops every later snippet
     * and every later {@link #eval} of the cell (a cell with {@code %time} lines is evaluated in pieces), even when
     * it arrives between two snippets, when there is nothing running to interrupt.
     */
    public void beginCell() {
        interruptRequested = false;
        clearPendingStop();
        inCell = true;
        if (shell != null) {
            engine.newCell();
        }
    }

    /** The cell ended: an interrupt from now on belongs to no cell. */
    public void endCell() {
        inCell = false;
        clearPendingStop();
    }

    private void clearPendingStop() {
        engine.clearPendingStop();
    }

    /** Interrupts the running cell (Jupyter's interrupt button); safe from any thread. */
    public void stop() {
        interruptRequested = true;
        engine.stop();
    }

    @Override
    public synchronized void close() {
        if (shell != null) {
            shell.close();
            shell = null;
        }
    }
}
