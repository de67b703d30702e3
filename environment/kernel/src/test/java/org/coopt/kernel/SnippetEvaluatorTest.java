package org.coopt.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Cells evaluated by one JShell session in this JVM: values, errors, completion, imports. */
class SnippetEvaluatorTest {

    static SnippetEvaluator ev;

    @BeforeAll
    static void start() {
        ev = new SnippetEvaluator(System.err);
    }

    @AfterAll
    static void stop() {
        ev.close();
    }

    @Test
    void expressionValueIsTheRealObject() throws Exception {
        assertEquals(2, ev.eval("1 + 1"));
        Object img = ev.eval("new java.awt.image.BufferedImage(3, 2, java.awt.image.BufferedImage.TYPE_INT_RGB)");
        BufferedImage b = assertInstanceOf(BufferedImage.class, img);
        assertEquals(3, b.getWidth());
    }

    @Test
    void lastSnippetOfACellIsItsValueAndStatementsGiveNone() throws Exception {
        assertEquals("ab", ev.eval("String s1 = \"a\";\nString s2 = s1 + \"b\";\ns2"));
        assertNull(ev.eval("int declaredOnly = 4;"));
        assertNull(ev.eval("System.out.print(\"\")"));
        assertEquals(4, ev.eval("declaredOnly"));
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
        assertTrue(report.get(1).contains("explode") && report.get(1).contains("line 2"), report.toString());
        assertTrue(report.get(report.size() - 1).contains("cell line 2"), report.toString());
        for (String line : report) {
            assertFalse(line.contains("jdk.jshell") || line.contains("reflect") || line.contains("org.coopt.kernel"),
                    "machinery frame leaked: " + line);
        }
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
