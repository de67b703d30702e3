package org.coopt.kernel;

import io.github.spencerpark.jupyter.kernel.display.Renderer;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import java.awt.image.BufferedImage;
import java.awt.image.RenderedImage;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;
import tech.tablesaw.api.Table;

/**
 * How cell values are shown: images and XChart charts as inline PNG, Tablesaw tables as an HTML table
 * (with a plain-text copy), {@link Markdown} and {@link Html} as themselves. Everything else falls back
 * to {@code text/plain} with {@code toString()} (the base kernel's default).
 */
public final class KernelRenderers {

    private KernelRenderers() {}

    /** A renderer with the base kernel's defaults plus the workbench types. */
    public static Renderer create() {
        Renderer r = new Renderer();
        registerAll(r);
        return r;
    }

    public static void registerAll(Renderer r) {
        r.createRegistration(BufferedImage.class)
                .preferring(MIMEType.IMAGE_PNG)
                .supporting(MIMEType.TEXT_PLAIN)
                .register((img, ctx) -> {
                    ctx.renderIfRequested(MIMEType.IMAGE_PNG, () -> Png.base64(img));
                    ctx.renderIfRequested(MIMEType.TEXT_PLAIN, () -> describe(img));
                });
        r.createRegistration(RenderedImage.class)
                .preferring(MIMEType.IMAGE_PNG)
                .supporting(MIMEType.TEXT_PLAIN)
                .register((img, ctx) -> {
                    ctx.renderIfRequested(MIMEType.IMAGE_PNG, () -> Png.base64(img));
                    ctx.renderIfRequested(MIMEType.TEXT_PLAIN, () -> describe(img));
                });
        @SuppressWarnings({"unchecked", "rawtypes"})
        Class<Chart<?, ?>> chartClass = (Class) Chart.class;
        r.createRegistration(chartClass)
                .preferring(MIMEType.IMAGE_PNG)
                .supporting(MIMEType.TEXT_PLAIN)
                .register((chart, ctx) -> {
                    ctx.renderIfRequested(MIMEType.IMAGE_PNG, () -> Png.base64(BitmapEncoder.getBufferedImage(chart)));
                    ctx.renderIfRequested(MIMEType.TEXT_PLAIN, () -> chart.getClass().getSimpleName() + " '"
                            + chart.getTitle() + "' (" + chart.getWidth() + "x" + chart.getHeight() + ")");
                });
        r.createRegistration(Table.class)
                .preferring(MIMEType.TEXT_HTML, MIMEType.TEXT_PLAIN)
                .register((table, ctx) -> {
                    ctx.renderIfRequested(MIMEType.TEXT_HTML, () -> TableHtml.render(table));
                    ctx.renderIfRequested(MIMEType.TEXT_PLAIN, () -> TableHtml.text(table));
                });
        r.createRegistration(Markdown.class)
                .preferring(MIMEType.TEXT_MARKDOWN, MIMEType.TEXT_PLAIN)
                .register((md, ctx) -> {
                    ctx.renderIfRequested(MIMEType.TEXT_MARKDOWN, md::text);
                    ctx.renderIfRequested(MIMEType.TEXT_PLAIN, md::text);
                });
        r.createRegistration(Html.class)
                .preferring(MIMEType.TEXT_HTML)
                .supporting(MIMEType.TEXT_PLAIN)
                .register((h, ctx) -> {
                    ctx.renderIfRequested(MIMEType.TEXT_HTML, h::html);
                    ctx.renderIfRequested(MIMEType.TEXT_PLAIN, h::html);
                });
    }

    private static String describe(RenderedImage img) {
        return "image " + img.getWidth() + "x" + img.getHeight();
    }
}
