package org.coopt.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A child JVM's stdout as the kernel receives it: text passes, marked lines become displays, in order. */
class RelayedOutputTest {

    /** Everything the relay produced, as one log: text as itself, a display as [show id text] / [update id text]. */
    private static String relay(byte[] bytes, int chunk) {
        StringBuilder log = new StringBuilder();
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        PrintStream target = new PrintStream(text, true, StandardCharsets.UTF_8);
        Runnable drain = () -> {
            log.append(text.toString(StandardCharsets.UTF_8));
            text.reset();
        };
        RelayedOutput relay = new RelayedOutput(() -> target, new DisplaySink() {
            @Override
            public void show(DisplayData d) {
                drain.run();
                log.append("[show ").append(d.getDisplayId()).append(' ').append(d.getData(MIMEType.TEXT_PLAIN))
                        .append(']');
            }

            @Override
            public void update(String id, DisplayData d) {
                drain.run();
                log.append("[update ").append(id).append(' ').append(d.getData(MIMEType.TEXT_PLAIN)).append(']');
            }
        });
        for (int i = 0; i < bytes.length; i += chunk) {
            relay.write(bytes, i, Math.min(chunk, bytes.length - i));
        }
        drain.run();
        return log.toString();
    }

    private static byte[] childOutput() {
        ByteArrayOutputStream child = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(child, true, StandardCharsets.UTF_8);
        DisplaySink lines = DisplayLines.printing(() -> out);
        out.print("before é\n\u001e not a mark\n");
        DisplayData d = new DisplayData("bar 1/2");
        d.setDisplayId("p1");
        lines.show(d);
        out.print("between");
        lines.update("p1", new DisplayData("bar 2/2"));
        out.print("\nafter\n");
        return child.toByteArray();
    }

    @Test
    void textAndDisplaysKeepTheirOrderHoweverTheBytesArrive() {
        String expected = "before é\n\u001e not a mark\n[show p1 bar 1/2]between[update p1 bar 2/2]\nafter\n";
        byte[] bytes = childOutput();
        List<String> logs = new ArrayList<>();
        for (int chunk : new int[] {1, 2, 3, 7, bytes.length}) {
            logs.add(relay(bytes, chunk));
        }
        for (String log : logs) {
            assertEquals(expected, log);
        }
    }
}
