package org.coopt.workbench.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressTest {

    @Test
    void durationsReadAsSecondsMinutesHours() {
        assertEquals("59s", Progress.duration(59.4));
        assertEquals("2m05s", Progress.duration(125));
        assertEquals("1h01m", Progress.duration(3660));
        assertEquals("1234 img/s", Progress.rate(1234.4, "img"));
        assertEquals("2.5 cells/s", Progress.rate(2.5, "cells"));
        assertEquals("42 s/cell", Progress.rate(1 / 42.0, "cells"), "a slow rate is time per unit, not 0 cells/s");
        assertEquals("", Progress.rate(0, "cells"));
    }

    @Test
    void barShowsCountsFillAndFinalLineOnClose() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(buf, true, StandardCharsets.UTF_8);
        try (Progress p = new Progress("extract", 200, "img", ps, false)) {
            p.step(50);
            assertEquals(50, p.done());
            String line = p.line();
            assertTrue(line.startsWith("extract [######..................] 50/200"), line);
            assertTrue(line.contains("img/s"), line);
            p.step(150);
        }
        String out = buf.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("[########################] 200/200"), out);
        assertTrue(out.endsWith("\n"));
    }
}
