package org.coopt.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Batched cell output: every byte arrives, in few messages (one per flush of the Jupyter stream), in order. */
class BatchedOutputTest {
    /** Stands in for the Jupyter stream: each flush is one message. */
    static final class Messages extends OutputStream {
        final ByteArrayOutputStream pending = new ByteArrayOutputStream();
        final List<String> sent = new ArrayList<>();

        @Override
        public synchronized void write(int b) {
            pending.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            pending.write(b, off, len);
        }

        @Override
        public synchronized void flush() {
            if (pending.size() > 0) {
                sent.add(pending.toString(StandardCharsets.UTF_8));
                pending.reset();
            }
        }
    }

    @Test
    void manyPrintsBecomeFewMessagesWithEveryByteInOrder() {
        Messages m = new Messages();
        PrintStream jupyter = new PrintStream(m, true, StandardCharsets.UTF_8); // autoflush: one message per print
        StringBuilder want = new StringBuilder();
        try (BatchedOutput.Batched b = BatchedOutput.over(jupyter)) {
            for (int i = 0; i < 20_000; i++) {
                b.stream().printf("line %d é%n", i);
                want.append("line ").append(i).append(" é").append(System.lineSeparator());
            }
        }
        assertEquals(want.toString(), String.join("", m.sent));
        assertTrue(m.sent.size() <= 10, "20,000 printf calls in " + m.sent.size() + " messages");
    }

    @Test
    void aSlowPrinterIsFlushedByTheTimerWithoutWaitingForTheCellToEnd() throws Exception {
        Messages m = new Messages();
        PrintStream jupyter = new PrintStream(m, true, StandardCharsets.UTF_8);
        try (BatchedOutput.Batched b = BatchedOutput.over(jupyter)) {
            b.stream().print("epoch 1\n");
            long t0 = System.nanoTime();
            while (!HangGuard.passed(t0)) {
                synchronized (m) {
                    if (!m.sent.isEmpty()) {
                        break;
                    }
                }
                Thread.sleep(20);
            }
            synchronized (m) {
                assertEquals(List.of("epoch 1\n"), m.sent, "sent by the timer while the cell still runs");
            }
        }
    }
}
