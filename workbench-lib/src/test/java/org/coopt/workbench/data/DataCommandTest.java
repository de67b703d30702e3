package org.coopt.workbench.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.coopt.workbench.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ./coopt data describe|list} through the real command line, stdout and stderr captured. */
class DataCommandTest {
    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void describeFashionMnistReportsCountsHistogramShapeAndHashes() {
        FashionMnistTest.requireInstalled();
        Run r = run("data", "describe", "fashion-mnist");
        assertEquals(0, r.code(), r.err());
        String o = r.out();
        assertTrue(o.contains("[train] 60,000 images, shape 1x28x28 uint8, 10 classes"), o);
        assertTrue(o.contains("[test] 10,000 images, shape 1x28x28 uint8, 10 classes"), o);
        assertTrue(o.contains("  T-shirt/top              0      6,000    0.1000"), o);
        assertTrue(o.contains("  Ankle boot               9      1,000    0.1000"), o);
        assertEquals(10, o.lines().filter(l -> l.matches(".* [0-9] +6,000 +0\\.1000")).count(), o);
        assertEquals(10, o.lines().filter(l -> l.matches(".* [0-9] +1,000 +0\\.1000")).count(), o);
        assertTrue(o.contains("sha256 b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7"), o);
        assertTrue(o.contains("sha256 cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa"), o);
        String last = o.lines().reduce((a, b) -> b).orElse("");
        assertEquals("fashion-mnist: train 60,000, test 10,000 images; 10 classes; shape 1x28x28", last);
    }

    @Test
    void describeOneSplitOfSyntheticData() {
        Run r = run("data", "describe", "synthetic", "--split", "test");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("[test] 1,000 images, shape 3x32x32 uint8, 10 classes"), r.out());
        assertTrue(!r.out().contains("[train]"), r.out());
    }

    @Test
    void missingRootIsOneLineAndExitCode2() {
        Path none = tmp.resolve("absent");
        Run r = run("data", "describe", "fashion-mnist", "--root", none.toString());
        assertEquals(2, r.code());
        assertEquals("", r.out());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("coopt describe: Fashion-MNIST not found: " + none), r.err());
        assertTrue(r.err().contains("apt-get install dataset-fashion-mnist"), r.err());
        Run u = run("data", "describe", "nope");
        assertEquals(2, u.code());
        assertTrue(u.err().contains("known datasets: fashion-mnist, mnist"), u.err());
    }

    @Test
    void listShowsEveryDatasetAndAvailability() {
        Run r = run("data", "list");
        assertEquals(0, r.code(), r.err());
        for (String n : Datasets.names()) {
            assertTrue(r.out().lines().anyMatch(l -> l.startsWith(n + " ")), r.out());
        }
        assertTrue(r.out().lines().anyMatch(l -> l.matches("synthetic +yes +generated in memory")), r.out());
        for (String n : new String[] {"tiny-imagenet", "imagenet"}) {
            assertTrue(r.out().lines().anyMatch(l -> l.matches(n + " +(yes|no) +.*")), r.out());
        }
        String last = r.out().lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.matches("\\d of 8 datasets available: .*synthetic"), last);
    }

    @Test
    void describeHelpNamesEveryCatalogueDataset() {
        Run r = run("data", "describe", "--help");
        assertEquals(0, r.code(), r.err());
        String names = r.out().replaceAll("\\s+", " ");
        assertTrue(names.contains("one of: " + String.join(", ", Datasets.names())), r.out());
        assertTrue(names.contains("tiny-imagenet, imagenet"), r.out());
    }

    @Test
    void describeTinyImageNetReadsItsValSplit() throws Exception {
        Path f = tmp.resolve("tin");
        for (String rel : new String[] {"train/n01/images/a.png", "train/n02/images/b.png", "test/images/t.png",
                "val/images/v.png"}) {
            Path p = f.resolve(rel);
            java.nio.file.Files.createDirectories(p.getParent());
            javax.imageio.ImageIO.write(ImageFolderDatasetTest.rgb(4, 1), "png", p.toFile());
        }
        java.nio.file.Files.writeString(f.resolve("val/val_annotations.txt"), "v.png\tn02\t0\t0\t3\t3\n");
        Run r = run("data", "describe", "tiny-imagenet", "--root", f.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("[test] 1 images, shape 3x64x64 uint8, 2 classes"), r.out());
        assertTrue(r.out().contains("  n02                      1          1    1.0000"), r.out());
    }
}
