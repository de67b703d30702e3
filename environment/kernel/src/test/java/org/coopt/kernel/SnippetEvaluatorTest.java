package org.coopt.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Cells evaluated by one JShell session: values, errors, completion, imports. The tests of values as real objects
 * and of {@code Thread.stop} run where cells run in-process (JDK 17); {@link ChildJvmCellsTest} covers the child JVM.
 */
class SnippetEvaluatorTest {

    static SnippetEvaluator ev;

    @BeforeAll
    static void start() {
        ev = new SnippetEvaluator(System.err);
    }

    /** Real objects and Thread.stop exist only where cells run in this JVM. */
    static void inProcessOnly() {
        assumeTrue(ev.cellJvm().equals("in-process"), "cells run in a " + ev.cellJvm() + " here");
    }

    @AfterAll
    static void stop() {
        ev.close();
    }

    @Test
    void expressionValueIsTheRealObject() throws Exception {
        inProcessOnly();
        assertEquals(2, ev.eval("1 + 1"));
        Object img = ev.eval("new java.awt.image.BufferedImage(3, 2, java.awt.image.BufferedImage.TYPE_INT_RGB)");
        BufferedImage b = assertInstanceOf(BufferedImage.class, img);
        assertEquals(3, b.getWidth());
    }

    @Test
    void lastSnippetOfACellIsItsValueAndStatementsGiveNone() throws Exception {
        inProcessOnly();
        assertEquals("ab", ev.eval("String s1 = \"a\";\nString s2 = s1 + \"b\";\ns2"));
        assertNull(ev.eval("int declaredOnly = 4;"));
        assertNull(ev.eval("System.out.print(\"\")"));
        assertEquals(4, ev.eval("declaredOnly"));
        assertNull(ev.eval("int commented = 1;\n// a trailing comment\n"));
        assertNull(ev.eval("   \n"));
        assertEquals(9, ev.eval("/* leading */ int sq(int v) { return v * v; }\nsq(3)"));
    }

    @Test
    void compileErrorNamesTheCellLineAndShowsIt() {
        CompilationFailedException e = assertThrows(CompilationFailedException.class,
                () -> ev.eval("int okLine = 1;\nint bad = undefinedThing + 1;"));
        assertTrue(e.getMessage().startsWith("line 2: cannot find symbol"), e.getMessage());
        assertTrue(e.getMessage().contains("undefinedThing"), e.getMessage());
        List<String> report = e.report();
        assertEquals("    int bad = undefinedThing + 1;", report.get(1));
        assertEquals("              ^^^^^^^^^^^^^^", report.get(2));
    }

    @Test
    void runtimeErrorShowsClassMessageAndOnlyUserFrames() throws Exception {
        ev.eval("int explode(int k) {\n  if (k > 0) throw new IllegalArgumentException(\"k must be <= 0, was \" + k);\n  return k;\n}");
        SnippetFailedException e = assertThrows(SnippetFailedException.class, () -> ev.eval("int a = 1;\nexplode(3)"));
        assertEquals("java.lang.IllegalArgumentException", e.exceptionClass());
        assertEquals("java.lang.IllegalArgumentException: k must be <= 0, was 3", e.getMessage());
        List<String> report = e.report();
        assertEquals(e.getMessage(), report.get(0));
        assertEquals("    at explode, line 2 of its declaration: "
                + "if (k > 0) throw new IllegalArgumentException(\"k must be <= 0, was \" + k);", report.get(1));
        assertEquals("    at cell line 2: explode(3)", report.get(report.size() - 1));
        for (String line : report) {
            assertFalse(line.contains("jdk.jshell") || line.contains("reflect") || line.contains("org.coopt.kernel"),
                    "machinery frame leaked: " + line);
        }
    }

    /**
     * Runs {@code cell} on another thread, waits until the cell has set the system property coopt.test.started (in
     * the snippet that then sleeps or spins, so the stop cannot fall while it compiles or between two snippets), stops
     * it once and returns what the cell threw. Only the hang guard bounds the waits.
     */
    static Throwable interrupted(String cell) throws Exception {
        System.clearProperty("coopt.test.started");
        java.util.concurrent.CompletableFuture<Throwable> f = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                ev.eval(cell);
                return null;
            } catch (Exception e) {
                return e;
            }
        });
        long t0 = System.nanoTime();
        while (System.getProperty("coopt.test.started") == null && !f.isDone()) {
            assertTrue(!HangGuard.passed(t0), "the cell did not start within the hang guard");
            Thread.sleep(10);
        }
        ev.stop();
        try {
            return f.get(HangGuard.SECONDS, java.util.concurrent.TimeUnit.SECONDS);
        } finally {
            System.clearProperty("coopt.test.started");
        }
    }

    @Test
    void interruptEndsASleepingCellAndTheSessionGoesOn() throws Exception {
        inProcessOnly();
        SnippetFailedException e = assertInstanceOf(SnippetFailedException.class,
                interrupted("{ System.setProperty(\"coopt.test.started\", \"1\"); Thread.sleep(60_000); }"));
        assertEquals("java.lang.InterruptedException", e.exceptionClass());
        assertEquals(3, ev.eval("1 + 2"));
    }

    @Test
    void interruptStopsABusyLoopThatIgnoresIt() throws Exception {
        inProcessOnly();
        SnippetFailedException e = assertInstanceOf(SnippetFailedException.class, interrupted(
                "{ System.setProperty(\"coopt.test.started\", \"1\"); long spin = 0; while (spin >= 0) { spin = (spin + 1) % 1000; } }"));
        assertEquals("java.lang.ThreadDeath", e.exceptionClass());
        assertEquals(5, ev.eval("2 + 3"));
    }

    @Test
    void incompleteCellIsReported() {
        assertThrows(IncompleteCellException.class, () -> ev.eval("for (int i = 0; i < 3; i++) {"));
    }

    @Test
    void completionOffersAKnownMember() throws Exception {
        ev.eval("String word = \"x\";");
        String code = "int before = 1;\nword.toUpp";
        int[] anchor = new int[1];
        List<String> options = ev.complete(code, code.length(), anchor);
        assertTrue(options.contains("toUpperCase("), options.toString());
        assertEquals(code.length() - "toUpp".length(), anchor[0]);
    }

    @Test
    void completionSeesWorkbenchClassesThroughDefaultImports() {
        String code = "Engines.desc";
        int[] anchor = new int[1];
        assertTrue(ev.complete(code, code.length(), anchor).contains("describe()"));
    }

    @Test
    void everyDefaultImportResolves() {
        assertEquals(List.of(), ev.failedImports());
    }

    @Test
    void isCompleteTellsJupyterConsoleWhenToWait() {
        assertEquals("complete", ev.isComplete("int z = 1;"));
        assertEquals("    ", ev.isComplete("if (true) {"));
    }
}
