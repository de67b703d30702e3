package org.coopt.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.Renderer;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** What each displayable type turns into: the MIME types Jupyter receives and their content. */
class KernelRenderersTest {

    static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    final Renderer renderer = KernelRenderers.create();

    @AfterEach
    void uninstall() {
        Display.install(null, null);
    }

    static byte[] png(DisplayData d) {
        Object data = d.getData(MIMEType.IMAGE_PNG);
        assertInstanceOf(String.class, data, "image/png missing");
        return Base64.getDecoder().decode((String) data);
    }

    @Test
    void bufferedImageBecomesAPngWithTheSamePixels() throws Exception {
        BufferedImage img = new BufferedImage(5, 3, BufferedImage.TYPE_INT_RGB);
        img.setRGB(2, 1, 0x12AB34);
        byte[] bytes = png(renderer.render(img));
        assertArrayEquals(PNG_MAGIC, Arrays.copyOf(bytes, 8));
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(bytes));
        assertEquals(5, back.getWidth());
        assertEquals(3, back.getHeight());
        assertEquals(0x12AB34, back.getRGB(2, 1) & 0xFFFFFF);
        assertEquals(0, back.getRGB(0, 0) & 0xFFFFFF);
    }

    @Test
    void xchartBecomesAPngOfTheChartSize() throws Exception {
        XYChart chart = new XYChartBuilder().width(320).height(200).title("loss").build();
        chart.addSeries("train", new double[] {0, 1, 2}, new double[] {1.0, 0.5, 0.25});
        DisplayData d = renderer.render(chart);
        byte[] bytes = png(d);
        assertArrayEquals(PNG_MAGIC, Arrays.copyOf(bytes, 8));
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(bytes));
        assertEquals(320, back.getWidth());
        assertEquals(200, back.getHeight());
        assertTrue(((String) d.getData(MIMEType.TEXT_PLAIN)).contains("loss"));
    }

    @Test
    void tablesawTableBecomesAnHtmlTableWithEveryCell() {
        Table t = Table.create("scores",
                StringColumn.create("method", "CoOpt", "a<b"),
                DoubleColumn.create("acc", 0.912, 0.5));
        DisplayData d = renderer.render(t);
        String html = (String) d.getData(MIMEType.TEXT_HTML);
        assertTrue(html.startsWith("<table"), html);
        assertTrue(html.contains("<th>method</th><th>acc</th>"), html);
        assertTrue(html.contains("<td>CoOpt</td>"), html);
        assertTrue(html.contains("<td>a&lt;b</td>"), "cells are escaped: " + html);
        assertTrue(html.contains(">0.912</td>"), html);
        assertTrue(html.contains("scores (2 rows"), html);
        assertEquals(3, html.split("<tr>", -1).length - 1, "header + 2 rows");
        String text = (String) d.getData(MIMEType.TEXT_PLAIN);
        assertTrue(text.contains("CoOpt") && text.contains("0.912"), text);
    }

    @Test
    void longTableIsCutWithANote() {
        double[] v = new double[TableHtml.MAX_ROWS + 7];
        Table t = Table.create("long", DoubleColumn.create("v", v));
        String html = (String) renderer.render(t).getData(MIMEType.TEXT_HTML);
        assertEquals(TableHtml.MAX_ROWS + 1, html.split("<tr>", -1).length - 1);
        assertTrue(html.contains("7 more rows not shown"), html);
    }

    @Test
    void markdownAndHtmlKeepTheirText() {
        DisplayData md = renderer.render(new Markdown("# Title\n*x*"));
        assertEquals("# Title\n*x*", md.getData(MIMEType.TEXT_MARKDOWN));
        DisplayData h = renderer.render(new Html("<b>x</b>"));
        assertEquals("<b>x</b>", h.getData(MIMEType.TEXT_HTML));
    }

    @Test
    void otherObjectsAreTheirToString() {
        DisplayData d = renderer.render(List.of(1, 2));
        assertEquals("[1, 2]", d.getData(MIMEType.TEXT_PLAIN));
        assertFalse(d.hasDataForType(MIMEType.TEXT_HTML));
    }

    @Test
    void displayHelpersSendRenderedDataToTheInstalledSink() {
        List<DisplayData> shown = new ArrayList<>();
        Display.install(renderer, shown::add);
        Display.markdown("**bold**");
        Display.display(new BufferedImage(2, 2, BufferedImage.TYPE_BYTE_GRAY));
        Display.html("<i>i</i>");
        assertEquals(3, shown.size());
        assertEquals("**bold**", shown.get(0).getData(MIMEType.TEXT_MARKDOWN));
        assertArrayEquals(PNG_MAGIC, Arrays.copyOf(png(shown.get(1)), 8));
        assertEquals("<i>i</i>", shown.get(2).getData(MIMEType.TEXT_HTML));
    }
}
