package org.coopt.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.spencerpark.jupyter.kernel.ReplacementOptions;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kernel without Jupyter: cells through magics, evaluation and rendering. */
class CoOptKernelTest {

    @TempDir
    static Path tmp;
    static CoOptKernel kernel;

    @BeforeAll
    static void start() {
        kernel = new CoOptKernel(KernelSettings.fromEnvironment().withCacheDir(tmp.resolve("cache")).withMavenOffline(true));
    }

    @AfterAll
    static void stop() {
        kernel.onShutdown(false);
    }

    /** Compiles {@code package pkg; public class Greeter {...}} into {@code dir}. */
    static Path compileGreeter(String pkg, String greeting, Path dir) throws IOException {
        Path src = dir.resolve("src").resolve(pkg).resolve("Greeter.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, "package " + pkg + "; public class Greeter { public static String greet() { return \""
                + greeting + "\"; } }");
        Path classes = dir.resolve("classes");
        Files.createDirectories(classes);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertEquals(0, javac.run(null, null, null, "-d", classes.toString(), src.toString()));
        return classes;
    }

    @Test
    void cellValueIsRendered() throws Exception {
        DisplayData d = kernel.eval("int x = 20;\nx + 22");
        assertEquals("42", d.getData(MIMEType.TEXT_PLAIN));
        DisplayData table = kernel.eval("Table.create(\"t\", IntColumn.create(\"n\", 7, 8))");
        String html = (String) table.getData(MIMEType.TEXT_HTML);
        assertTrue(html.contains("<table") && html.contains(">7</td>") && html.contains(">8</td>"), html);
        assertNull(kernel.eval("int y = 1;"));
    }

    @Test
    void classpathMagicMakesAClassFolderUsable() throws Exception {
        Path classes = compileGreeter("cpmagic", "hello from a folder", tmp.resolve("cp"));
        assertThrows(CompilationFailedException.class, () -> kernel.eval("cpmagic.Greeter.greet()"));
        DisplayData d = kernel.eval("%classpath " + classes + "\ncpmagic.Greeter.greet()");
        assertEquals("hello from a folder", d.getData(MIMEType.TEXT_PLAIN));
    }

    @Test
    void jarsMagicAddsEveryJarMatchingTheGlob() throws Exception {
        Path classes = compileGreeter("jarmagic", "hello from a jar", tmp.resolve("jm"));
        Path libs = Files.createDirectories(tmp.resolve("libs"));
        try (OutputStream os = Files.newOutputStream(libs.resolve("greeter.jar"));
             JarOutputStream jar = new JarOutputStream(os)) {
            jar.putNextEntry(new JarEntry("jarmagic/Greeter.class"));
            jar.write(Files.readAllBytes(classes.resolve("jarmagic/Greeter.class")));
            jar.closeEntry();
        }
        DisplayData d = kernel.eval("%jars " + libs + "/*.jar\njarmagic.Greeter.greet()");
        assertTrue(((String) d.getData(MIMEType.TEXT_PLAIN)).contains("hello from a jar"));
        MagicFailedException none = assertThrows(MagicFailedException.class, () -> kernel.eval("%jars " + libs + "/*.nothing"));
        assertTrue(none.getMessage().contains("no file matches"), none.getMessage());
    }

    @Test
    void mavenMagicResolvesAnArtifactFromTheLocalRepositoryOffline() throws Exception {
        // commons-lang3 3.17.0 is in ~/.m2 after any build (maven-dependency-plugin 3.8.1, which writes
        // classpath.txt, depends on it) but is not on the kernel's classpath.
        assertThrows(CompilationFailedException.class,
                () -> kernel.eval("org.apache.commons.lang3.StringUtils.capitalize(\"coopt\")"));
        DisplayData d = kernel.eval("%maven org.apache.commons:commons-lang3:3.17.0\n"
                + "org.apache.commons.lang3.StringUtils.capitalize(\"coopt\")");
        assertEquals("Coopt", d.getData(MIMEType.TEXT_PLAIN));
        assertTrue(Files.exists(tmp.resolve("cache/kernel-maven/org.apache.commons/commons-lang3/3.17.0/jars/commons-lang3-3.17.0.jar")));
        MagicFailedException bad = assertThrows(MagicFailedException.class, () -> kernel.eval("%maven not-a-coordinate"));
        assertTrue(bad.getMessage().contains("group:artifact:version"), bad.getMessage());
    }

    @Test
    void unknownMagicListsTheKnownOnes() {
        MagicFailedException e = assertThrows(MagicFailedException.class, () -> kernel.eval("%frobnicate x"));
        assertTrue(e.getMessage().contains("%classpath") && e.getMessage().contains("%maven"), e.getMessage());
    }

    @Test
    void completionReplacesFromTheStartOfTheWord() throws Exception {
        kernel.eval("List<String> names = new ArrayList<>();");
        String code = "names.isEm";
        ReplacementOptions r = kernel.complete(code, code.length());
        assertTrue(r.getReplacements().contains("isEmpty()"), r.getReplacements().toString());
        assertEquals(6, r.getSourceStart());
        assertEquals(code.length(), r.getSourceEnd());
    }

    @Test
    void errorsAreFormattedFromTheReport() {
        CompilationFailedException c = assertThrows(CompilationFailedException.class, () -> kernel.eval("int q = nope;"));
        List<String> lines = kernel.formatError(c);
        assertTrue(lines.get(0).contains("Compilation error"));
        assertEquals("    int q = nope;", lines.get(2));
        SnippetFailedException r = assertThrows(SnippetFailedException.class, () -> kernel.eval("Integer.parseInt(\"x1\")"));
        List<String> rl = kernel.formatError(r);
        assertTrue(rl.get(0).contains("java.lang.NumberFormatException: For input string: \"x1\""), rl.get(0));
        assertTrue(rl.stream().anyMatch(l -> l.contains("java.lang.Integer.parseInt")), rl.toString());
        assertTrue(rl.get(rl.size() - 1).contains("cell line 1"), rl.toString());
    }

    /** Runs a cell with System.out captured; returns {printed text, rendered text/plain or null}. */
    static String[] run(String cell) throws Exception {
        java.io.PrintStream old = System.out;
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(buf, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            DisplayData d = kernel.eval(cell);
            return new String[] {buf.toString(java.nio.charset.StandardCharsets.UTF_8),
                    d == null ? null : (String) d.getData(MIMEType.TEXT_PLAIN)};
        } finally {
            System.setOut(old);
        }
    }

    @Test
    void timeBashShellLinesAndMagicListWork() throws Exception {
        String[] t = run("%%time\nint slept = 0;\nThread.sleep(30);");
        assertTrue(t[0].matches("(?s).*Wall time: [0-9.]+ m?s.*"), t[0]); // s: a first cell that started a child JVM
        String[] sh = run("!echo from-shell\n!echo second\nint afterShell = 7;\nafterShell * 6");
        assertTrue(sh[0].contains("from-shell\nsecond"), sh[0]);
        assertEquals("42", sh[1]);
        assertEquals("a\nb\n", run("%%bash\necho a; echo b")[0]);
        MagicFailedException bad = assertThrows(MagicFailedException.class, () -> run("!exit 3"));
        assertTrue(bad.getMessage().contains("status 3"), bad.getMessage());
        String ls = run("%lsmagic")[0];
        assertTrue(ls.contains("%classpath") && ls.contains("%%time") && ls.contains("%maven"), ls);
        boolean notShell = (boolean) Boolean.valueOf(run("boolean nb = true &&\n    !false;\nnb")[1]);
        assertTrue(notShell, "a '!' inside Java is Java");
    }

    @Test
    void timeAndTimeitLinesRunInTheirPlaceAmongTheJava() throws Exception {
        String[] t = run("int base = 40;\n%time int timed = base + 1;\ntimed + 1");
        assertTrue(t[0].matches("Wall time: [0-9.]+ ms\n"), t[0]);
        assertEquals("42", t[1], "the Java after a timed line sees what the lines before it declared");
        assertEquals("6", run("%time 2 * 3")[1], "a timed expression at the end is the cell's value");
        String[] ti = run("%timeit -n 50 -r 3 Math.sqrt(2.0)");
        assertTrue(ti[0].matches("[0-9.]+ (ns|µs) ± [0-9.]+ (ns|µs) per loop \\(mean ± std. dev. of 3 runs, 50 loops each\\)\n"),
                ti[0]);
        String auto = run("%timeit 1 + 1")[0];
        assertTrue(auto.contains("of 7 runs,") && auto.matches("(?s).*, [0-9,]+ loops each\\)\n"), auto);
        String cell = run("%%timeit -n 3 -r 2\nlong acc = 0;\nfor (int i = 0; i < 1000; i++) { acc += i % 7; }")[0];
        assertTrue(cell.contains("(mean ± std. dev. of 2 runs, 3 loops each)"), cell);
        CompilationFailedException e = assertThrows(CompilationFailedException.class,
                () -> kernel.eval("int ok1 = 1;\n%timeit undefinedName.go()"));
        assertTrue(e.getMessage().startsWith("line 2:"), "an error names the cell line: " + e.getMessage());
        assertTrue(run("%lsmagic")[0].contains("%timeit [-n N] [-r R] STATEMENT"));
    }

    @Test
    void arraysShowTheirContentsAndSystemExitLeavesTheKernelAlive() throws Exception {
        assertEquals("int[3] { 1, 2, 3 }", run("new int[] {1, 2, 3}")[1]);
        assertEquals("String[2] { \"a\", \"b\" }", run("new String[] {\"a\", \"b\"}")[1]);
        assertEquals("int[2][] { int[1] { 1 }, int[0] { } }", run("new int[][] {{1}, {}}")[1]);
        SnippetFailedException e = assertThrows(SnippetFailedException.class, () -> run("System.exit(3);"));
        String said = String.join("\n", e.report());
        assertTrue(kernel.evaluator().cellJvm().equals("in-process") ? said.contains("refused")
                : said.contains(SnippetEvaluator.LOST), said);
        assertEquals("2", run("1 + 1")[1], "the kernel still answers");
    }

    @Test
    void inspectionShowsTheWorkbenchJavadocOnABareNameACallAndAMember() throws Exception {
        kernel.eval("import org.coopt.workbench.coopt.*;");
        String type = text(kernel.inspect("Uniformity", 10, false));
        assertTrue(type.startsWith("org.coopt.workbench.coopt.Uniformity\n\n"), type);
        assertTrue(type.contains("METHOD.md"), "the class Javadoc, not only its name: " + type);
        String call = "PlatformSettings.defaults(";
        String m = text(kernel.inspect(call, call.length(), false));
        assertTrue(m.contains("PlatformSettings.defaults(int participants)"), m);
        assertTrue(m.contains("K participants, everything else default."), m);
        String bare = "PlatformSettings.defaults";
        assertEquals(m, text(kernel.inspect(bare, bare.length(), false)), "a bare method name asks as if called");
        String mid = "var s = PlatformSettings.defaults(3).sharedSize(1000);";
        String size = text(kernel.inspect(mid, mid.indexOf("sharedSize") + 3, false));
        assertTrue(size.contains("max(⌈fraction·N⌉, 2·d)"), "cursor inside a name: " + size);
        String nested = "Alignment.Choice";
        assertTrue(text(kernel.inspect(nested, nested.length(), false)).startsWith("org.coopt.workbench.coopt.Alignment.Choice"));
        assertNull(kernel.inspect("noSuchThing", 11, false));
    }

    @Test
    void inspectionOfAJdkNameShowsItsJavadocWhenTheSetUpFetchedTheJdkSources() throws Exception {
        Path cached = KernelSettings.fromEnvironment().cacheDir().resolve("jdk-src").resolve("src.zip");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(cached)
                || Files.isReadable(Path.of(System.getProperty("java.home"), "lib", "src.zip")),
                "no JDK src.zip (./coopt setup fetches it)");
        CoOptKernel k = new CoOptKernel(KernelSettings.fromEnvironment().withMavenOffline(true));
        try {
            String bare = "Math.max";
            String doc = text(k.inspect(bare, bare.length(), false));
            assertTrue(doc.startsWith("int Math.max(int a, int b)\n\nReturns the greater of two int values."), doc);
            assertTrue(doc.contains("double Math.max(double a, double b)\n\nReturns the greater of two double values."), doc);
            assertTrue(doc.contains("Returns the greater of two"), doc);
        } finally {
            k.onShutdown(false);
        }
    }

    @Test
    void anInterruptReportsTheCellLineAndTheNextCellRuns() throws Exception {
        // the loop signals through a property of this JVM; ChildJvmCellsTest covers a child JVM
        org.junit.jupiter.api.Assumptions.assumeTrue(kernel.evaluator().cellJvm().equals("in-process"));
        // cooperative: the loop's sleep throws InterruptedException; the interrupt comes once the loop runs
        SnippetFailedException e = interruptWhenSpinning("int ticks = 0;\n"
                + "while (true) { System.setProperty(\"coopt.test.spin\", \"1\"); Thread.sleep(5); ticks++; }");
        assertEquals("Interrupted at cell line 2: while (true) { System.setProperty(\"coopt.test.spin\", \"1\"); "
                + "Thread.sleep(5); ticks++; }", e.report().get(0));
        // a busy loop ignores the interrupt: stopped by force after the grace time, reported from its own stack
        e = interruptWhenSpinning("long spins = 0;\n\n"
                + "while (spins >= 0) { spins++; if (spins == 1000) System.setProperty(\"coopt.test.spin\", \"1\"); }");
        assertEquals("Interrupted at cell line 3: while (spins >= 0) { spins++; if (spins == 1000) "
                + "System.setProperty(\"coopt.test.spin\", \"1\"); }", e.report().get(0));
        assertTrue(e.report().get(1).contains("stopped after ignoring the interrupt"), e.report().toString());
        assertEquals("42", kernel.eval("40 + 2").getData(MIMEType.TEXT_PLAIN), "the next cell runs");
    }

    @Test
    void anInterruptBetweenTwoSnippetsStopsTheRestOfTheCell() throws Exception {
        SnippetEvaluator ev = kernel.evaluator();
        ev.beginCell();
        try {
            ev.stop(); // nothing runs: the interrupt must still stop what follows in this cell
            SnippetFailedException e = assertThrows(SnippetFailedException.class,
                    () -> ev.eval("int neverA = 1;\nint neverB = 2;"));
            assertEquals("Interrupted before cell line 1: int neverA = 1;", e.report().get(0));
        } finally {
            ev.endCell();
        }
        CompilationFailedException c = assertThrows(CompilationFailedException.class, () -> kernel.eval("neverA"));
        assertTrue(c.getMessage().contains("cannot find symbol"), "the interrupted snippet did not run");
        assertEquals("3", kernel.eval("1 + 2").getData(MIMEType.TEXT_PLAIN), "the next cell runs");
    }

    /** Runs {@code cell} and interrupts it 100 ms after its loop sets the property coopt.test.spin. */
    private static SnippetFailedException interruptWhenSpinning(String cell) throws Exception {
        System.clearProperty("coopt.test.spin");
        Thread stopper = new Thread(() -> {
            try {
                long t0 = System.nanoTime();
                while (System.getProperty("coopt.test.spin") == null) {
                    if (HangGuard.passed(t0)) {
                        return; // the cell never reached its loop: its eval below hangs into the test's failure
                    }
                    Thread.sleep(10);
                }
                Thread.sleep(100);
            } catch (InterruptedException ignored) {
                return;
            }
            kernel.interrupt();
        });
        stopper.start();
        try {
            return assertThrows(SnippetFailedException.class, () -> kernel.eval(cell));
        } finally {
            stopper.join();
            System.clearProperty("coopt.test.spin");
        }
    }

    private static String text(DisplayData d) {
        assertTrue(d != null, "no inspection reply");
        return (String) d.getData(MIMEType.TEXT_PLAIN);
    }
}
