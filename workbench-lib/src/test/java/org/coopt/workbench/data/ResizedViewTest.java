package org.coopt.workbench.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Resizing keeps flat regions exact, places structure where it was, and leaves labels and channels alone. */
class ResizedViewTest {

    /** One 2-channel 4×4 image: channel 0 constant 100, channel 1 a left half of 0 and a right half of 200. */
    static ArrayImageDataset planted() {
        byte[] px = new byte[2 * 16];
        for (int i = 0; i < 16; i++) {
            px[i] = 100;
            px[16 + i] = (byte) ((i % 4) < 2 ? 0 : 200);
        }
        return ArrayImageDataset.of("planted", 2, 4, 4, px, new int[] {1}, List.of("a", "b"), null, List.of());
    }

    @Test
    void upsamplingKeepsFlatRegionsAndTheEdgeWhereItWas() {
        ImageDataset r = ResizedView.of(planted(), 16);
        assertEquals(16, r.height());
        assertEquals(16, r.width());
        assertEquals(2, r.channels());
        assertEquals(1, r.label(0));
        byte[] out = new byte[r.sampleBytes()];
        r.pixels(0, out, 0);
        for (int i = 0; i < 256; i++) {
            assertEquals(100, out[i] & 0xff, "constant channel stays constant at " + i);
        }
        for (int y = 0; y < 16; y++) {
            assertEquals(0, out[256 + y * 16] & 0xff, "left border stays 0");
            assertEquals(0, out[256 + y * 16 + 5] & 0xff, "left quarter stays 0");
            assertEquals(200, out[256 + y * 16 + 10] & 0xff, "right quarter stays 200");
            assertEquals(200, out[256 + y * 16 + 15] & 0xff, "right border stays 200");
            int mid = out[256 + y * 16 + 8] & 0xff;
            assertTrue(mid > 0 && mid < 200 || (out[256 + y * 16 + 7] & 0xff) > 0, "the edge is interpolated, row " + y);
        }
    }

    @Test
    void downsamplingAveragesAndSameSizeIsTheDatasetItself() {
        ArrayImageDataset d = planted();
        assertSame(d, ResizedView.of(d, 4));
        assertSame(d, ResizedView.of(d, 0));
        ImageDataset small = ResizedView.of(d, 2);
        byte[] out = new byte[small.sampleBytes()];
        small.pixels(0, out, 0);
        assertArrayEquals(new byte[] {100, 100, 100, 100, 0, (byte) 200, 0, (byte) 200}, out);
        assertArrayEquals(d.mean(), small.mean());
        assertNotEquals(d.sha256(), small.sha256());
        assertEquals(small.sha256(), ResizedView.of(d, 2).sha256(), "the hash is a function of parent and size");
        assertThrows(IllegalArgumentException.class, () -> ResizedView.of(d, -1));
    }

    @Test
    void shrinkingAFineCheckerboardGivesGreyNotAliases() {
        // 1-px checkerboard 0/255, 3 channels, 96x96, shrunk 3x and 12x: one Java2D-style bilinear step
        // returns the checkerboard (0 or 255) at 3x; the shared resampler's halvings average it to ~127.5.
        int n = 96;
        byte[] px = new byte[3 * n * n];
        for (int k = 0; k < px.length; k++) {
            int x = k % n;
            int y = (k / n) % n;
            px[k] = (byte) (((x + y) & 1) == 0 ? 0 : 255);
        }
        ArrayImageDataset board = ArrayImageDataset.of("board", 3, n, n, px, new int[] {0}, List.of("a"), null, List.of());
        for (int size : new int[] {32, 8}) {
            ImageDataset r = ResizedView.of(board, size);
            byte[] out = new byte[r.sampleBytes()];
            r.pixels(0, out, 0);
            for (int k = 0; k < out.length; k++) {
                int v = out[k] & 0xff;
                assertTrue(Math.abs(v - 127.5) <= 1, "96 -> " + size + ": byte " + k + " is " + v);
            }
        }
    }

    @Test
    void viewsDecodeOnAccessLikeTheirParentAndResizingAlwaysDoes() {
        ArrayImageDataset d = planted();
        assertTrue(!d.decodesOnAccess(), "pixels held in memory");
        assertTrue(!d.subset(new int[] {0}, "s").decodesOnAccess(), "a subset of memory is memory");
        assertTrue(ResizedView.of(d, 2).decodesOnAccess(), "resizing works on every access");
        assertTrue(ResizedView.of(d, 2).subset(new int[] {0}, "s").decodesOnAccess(), "a subset asks its parent");
    }

    @Test
    void aCatalogueDatasetLoadsAtAnotherSize() {
        ImageDataset syn = Datasets.load("synthetic", Split.TEST, null, 64);
        assertEquals(64, syn.height());
        assertEquals(3, syn.channels());
        assertEquals(Datasets.load("synthetic", Split.TEST).label(7), syn.label(7));
    }
}
