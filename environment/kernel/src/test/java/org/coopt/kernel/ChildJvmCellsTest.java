package org.coopt.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cells in a child JVM ({@link ChildJvmEngine}), the mode JDK 21+ uses: the kernel survives {@code System.exit}
 * and stops a loop that ignores the interrupt, on every JDK. Run them on JDK 25 as well as 17.
 */
class ChildJvmCellsTest {

    static final List<DisplayData> shown = new CopyOnWriteArrayList<>();
    static SnippetEvaluator ev;

    @BeforeAll
    static void start() {
        ev = new SnippetEvaluator(System.err, CellJvm.CHILD_JVM.engine(new DisplaySink() {
            @Override
            public void show(DisplayData data) {
                shown.add(data);
            }

            @Override
            public void update(String id, DisplayData data) {
                shown.add(data);
            }
        }));
    }

    @AfterAll
    static void stop() {
        ev.close();
    }

    private static String text(Object value) {
        return (String) assertInstanceOf(DisplayData.class, value).getData(MIMEType.TEXT_PLAIN);
    }

    @Test
    void valuesComeBackRenderedAndDisplaysReachTheKernel() throws Exception {
        assertEquals("2", text(ev.eval("1 + 1")));
        assertEquals("int[3] { 1, 2, 3 }", text(ev.eval("new int[] {1, 2, 3}")));
        DisplayData img = assertInstanceOf(DisplayData.class,
                ev.eval("new java.awt.image.BufferedImage(3, 2, java.awt.image.BufferedImage.TYPE_INT_RGB)"));
        assertTrue(img.hasDataForType(MIMEType.IMAGE_PNG), "an image comes back as PNG");
        shown.clear();
        ev.eval("markdown(\"**in the child**\")");
        assertEquals(1, shown.size(), "one display");
        assertEquals("**in the child**", shown.get(0).getData(MIMEType.TEXT_MARKDOWN));
    }

    @Test
    void systemExitEndsOnlyTheChildAndTheUserIsToldWhatWasLost() throws Exception {
        ev.eval("int before = 41;");
        SnippetFailedException e = assertThrows(SnippetFailedException.class, () -> ev.eval("System.exit(3);"));
        assertTrue(e.report().contains(SnippetEvaluator.LOST), String.join("\n", e.report()));
        assertTrue(e.report().get(0).startsWith("The JVM that runs cells ended at cell line 1: System.exit(3);"),
                e.report().get(0));
        assertEquals("2", text(ev.eval("1 + 1")), "the next cell runs");
        assertThrows(CompilationFailedException.class, () -> ev.eval("before + 1"), "the variable is gone");
        assertEquals("1", text(ev.eval("List.of(7).size()")), "default imports are applied again");
    }

    @Test
    void anInterruptTheCodeHonoursKeepsTheSession(@TempDir Path dir) throws Exception {
        ev.eval("int kept = 7;");
        Path started = dir.resolve("started");
        Throwable t = interruptOnceStarted(started,
                "{ java.nio.file.Files.writeString(java.nio.file.Path.of(\"" + started + "\"), \"\");\n"
                        + "  Thread.sleep(600_000); }");
        SnippetFailedException e = assertInstanceOf(SnippetFailedException.class, t);
        assertEquals("java.lang.InterruptedException", e.exceptionClass());
        assertEquals("7", text(ev.eval("kept")), "the session goes on");
    }

    @Test
    void anInterruptStopsABusyLoopThatIgnoresIt(@TempDir Path dir) throws Exception {
        Path started = dir.resolve("spinning");
        Throwable t = interruptOnceStarted(started,
                "long s = 0;\n"
                        + "{ java.nio.file.Files.writeString(java.nio.file.Path.of(\"" + started + "\"), \"\");\n"
                        + "  while (true) { s++; } }");
        SnippetFailedException e = assertInstanceOf(SnippetFailedException.class, t);
        assertTrue(e.report().get(0).startsWith("Interrupted at cell line 2: "), e.report().get(0));
        assertEquals("5", text(ev.eval("2 + 3")), "the next cell runs");
    }

    /**
     * Runs {@code cell} on another thread, waits until it has created {@code started} (in the snippet that then
     * sleeps or spins, so the interrupt cannot fall between two snippets), then interrupts once;
     * returns what the cell threw. Only the hang guard bounds the waits, so a broken kernel fails instead of hanging.
     */
    private static Throwable interruptOnceStarted(Path started, String cell) throws Exception {
        CompletableFuture<Throwable> f = CompletableFuture.supplyAsync(() -> {
            try {
                ev.eval(cell);
                return null;
            } catch (Exception e) {
                return e;
            }
        });
        long t0 = System.nanoTime();
        while (!Files.exists(started) && !f.isDone()) {
            assertTrue(!HangGuard.passed(t0), "the cell did not start within the hang guard");
            Thread.sleep(20);
        }
        ev.stop();
        return f.get(HangGuard.SECONDS, TimeUnit.SECONDS);
    }
}
