package org.coopt.workbench.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class ImageGridAndSummaryTest {

    @Test
    void gridPlacesEachScaledImageInItsCell() {
        ArrayImageDataset rgb = SyntheticImages.generate(5, 3, 4, 2, 3);
        int[] idx = {4, 0, 2};
        int cols = 2;
        int scale = 3;
        BufferedImage img = ImageGrid.render(rgb, idx, cols, scale);
        int cell = 4 * scale + ImageGrid.GAP;
        assertEquals(2 * cell - ImageGrid.GAP, img.getWidth());
        assertEquals(2 * cell - ImageGrid.GAP, img.getHeight());
        byte[] px = new byte[48];
        for (int n = 0; n < idx.length; n++) {
            rgb.pixels(idx[n], px, 0);
            int x0 = (n % cols) * cell;
            int y0 = (n / cols) * cell;
            for (int y = 0; y < 4; y++) {
                for (int x = 0; x < 4; x++) {
                    int expected = ((px[y * 4 + x] & 0xFF) << 16) | ((px[16 + y * 4 + x] & 0xFF) << 8)
                            | (px[32 + y * 4 + x] & 0xFF);
                    for (int d = 0; d < scale; d++) {
                        assertEquals(expected, img.getRGB(x0 + x * scale + d, y0 + y * scale + (scale - 1 - d)) & 0xFFFFFF);
                    }
                }
            }
        }
        // the empty fourth cell and the gaps stay white
        assertEquals(0xFFFFFF, img.getRGB(cell + 1, cell + 1) & 0xFFFFFF);
        assertEquals(0xFFFFFF, img.getRGB(4 * scale, 0) & 0xFFFFFF);
    }

    @Test
    void greyImagesAreDrawnAsGrey() {
        ArrayImageDataset g = ArrayImageDataset.of("g", 1, 1, 2, new byte[] {10, (byte) 200}, new int[] {0},
                List.of("a"), "h", List.of());
        BufferedImage img = ImageGrid.render(g, new int[] {0}, 1, 1);
        assertEquals(0x0A0A0A, img.getRGB(0, 0) & 0xFFFFFF);
        assertEquals(0xC8C8C8, img.getRGB(1, 0) & 0xFFFFFF);
    }

    @Test
    void classTableCountsEveryClassAndUnlabeledSamples() {
        ArrayImageDataset ds = ArrayImageDataset.of("t", 1, 1, 1, new byte[5], new int[] {1, 1, 0, -1, 1},
                List.of("zero", "one", "two"), "h", List.of());
        Table t = DataSummary.classTable(ds);
        assertEquals(List.of("class", "label", "count", "fraction"), t.columnNames());
        assertEquals(4, t.rowCount());
        assertEquals(List.of("zero", "one", "two", "(unlabeled)"), t.stringColumn("class").asList());
        assertEquals(List.of(0, 1, 2, -1), t.intColumn("label").asList());
        assertEquals(List.of(1, 3, 0, 1), t.intColumn("count").asList());
        assertEquals(0.6, t.doubleColumn("fraction").get(1), 1e-12);
        Table full = DataSummary.classTable(ds.subset(new int[] {0, 2}, "s"));
        assertEquals(3, full.rowCount());
        assertEquals(0.5, full.doubleColumn("fraction").get(0), 1e-12);
    }
}
