package org.coopt.workbench.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which folder each split of the named Tiny-ImageNet / ImageNet layouts and of the generic image folder
 * reads, how labels are numbered, the hash and name per decode size, and the variable errors name.
 * Every planted image is a flat colour whose red value identifies it.
 */
class ImageFolderLayoutTest {
    @TempDir
    Path root;

    /** A flat 8×8 image of red {@code id}. */
    private void plant(String rel, int id) throws IOException {
        BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                img.setRGB(x, y, (id << 16) | (50 << 8) | 60);
            }
        }
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        ImageIO.write(img, "png", p.toFile());
    }

    /** The red value (the planted id) of every sample, in order. */
    private static int[] ids(ImageDataset ds) {
        int[] out = new int[ds.size()];
        byte[] px = new byte[ds.sampleBytes()];
        for (int i = 0; i < out.length; i++) {
            ds.pixels(i, px, 0);
            out[i] = px[0] & 0xFF;
        }
        return out;
    }

    /**
     * Tiny-ImageNet as shipped: train/<wnid>/images/, an unlabelled test/images/, and val/images/
     * labelled by val/val_annotations.txt ("file TAB wnid TAB box").
     */
    private void plantTinyImageNet() throws IOException {
        plant("train/n01/images/n01_0.png", 1);
        plant("train/n01/images/n01_1.png", 2);
        plant("train/n02/images/n02_0.png", 3);
        plant("train/n03/images/n03_0.png", 4);
        Files.writeString(root.resolve("train/n01/n01_boxes.txt"), "n01_0.png\t0\t0\t7\t7\n");
        plant("test/images/test_0.png", 90);
        plant("test/images/test_1.png", 91);
        plant("val/images/val_0.png", 10);
        plant("val/images/val_1.png", 11);
        plant("val/images/val_2.png", 12);
        Files.writeString(root.resolve("val/val_annotations.txt"),
                "val_0.png\tn03\t0\t0\t7\t7\nval_1.png\tn01\t1\t1\t6\t6\nval_2.png\tn03\t0\t0\t7\t7\n");
    }

    @Test
    void tinyImageNetTestIsTheAnnotatedValNotTheUnlabelledTestFolder() throws IOException {
        plantTinyImageNet();
        ImageDataset test = Datasets.load("tiny-imagenet", Split.TEST, root, 8);
        assertEquals(List.of("n01", "n02", "n03"), test.classNames(), "train/'s classes");
        assertArrayEquals(new int[] {10, 11, 12}, ids(test));
        assertArrayEquals(new int[] {2, 0, 2}, test.labels(), "labels index train/'s sorted classes");
        ImageDataset train = Datasets.load("tiny-imagenet", Split.TRAIN, root, 8);
        assertArrayEquals(new int[] {1, 2, 3, 4}, ids(train));
        assertArrayEquals(new int[] {0, 0, 1, 2}, train.labels());
        assertEquals("tiny-imagenet-test@8", test.name());
        // The generic folder skips test/images/ ("images" is no class of train/) in favour of val/.
        ImageDataset generic = Datasets.load("imagefolder", Split.TEST, root, 8);
        assertArrayEquals(new int[] {10, 11, 12}, ids(generic));
        assertArrayEquals(new int[] {2, 0, 2}, generic.labels());
    }

    @Test
    void imageNetTestIsValEvenWhenATestFolderLooksLabelled() throws IOException {
        plant("train/n01/a.png", 1);
        plant("train/n02/b.png", 2);
        plant("test/n01/t.png", 90); // class folders, but ImageNet's labelled split is val/
        plant("val/n02/v.png", 20);
        plant("val/n01/w.png", 21);
        ImageDataset test = Datasets.load("imagenet", Split.TEST, root, 8);
        assertArrayEquals(new int[] {21, 20}, ids(test));
        assertArrayEquals(new int[] {0, 1}, test.labels());
        assertEquals("imagenet-test@8", test.name());
        // The generic folder prefers a labelled test/, and numbers its classes like train/ (n01 = 0).
        ImageDataset generic = Datasets.load("imagefolder", Split.TEST, root, 8);
        assertArrayEquals(new int[] {90}, ids(generic));
        assertArrayEquals(new int[] {0}, generic.labels());
        assertEquals(List.of("n01", "n02"), generic.classNames());
    }

    @Test
    void aTestSplitLackingAClassStillLabelsLikeTrain() throws IOException {
        plant("train/a/1.png", 1);
        plant("train/b/2.png", 2);
        plant("train/c/3.png", 3);
        plant("test/c/4.png", 4);
        ImageFolderDataset test = ImageFolderDataset.open(root, Split.TEST, ImageFolderOptions.defaults().withSize(8));
        assertArrayEquals(new int[] {2}, test.labels(), "c is class 2 of train/, not class 0 of test/");
        assertEquals(3, test.numClasses());
    }

    @Test
    void missingOrUnlabelledValIsOneLineNamingTheVariable() throws IOException {
        plant("train/n01/a.png", 1);
        plant("test/images/t.png", 90);
        DatasetException none = assertThrows(DatasetException.class, () -> Datasets.load("tiny-imagenet", Split.TEST, root));
        String m = none.getMessage();
        assertTrue(m.startsWith("tiny-imagenet folder " + root + " has no labelled val/ split (val/ is missing)"), m);
        assertTrue(m.contains("COOPT_TINY_IMAGENET_DIR"), m);
        assertFalse(m.contains("COOPT_IMAGEFOLDER_DIR"), m);
        assertFalse(m.contains("\n"), m);
        // ImageNet's raw val/ is flat (no class folders): not labelled.
        plant("val/ILSVRC2012_val_00000001.png", 5);
        DatasetException flat = assertThrows(DatasetException.class, () -> Datasets.load("imagenet", Split.TEST, root));
        assertTrue(flat.getMessage().startsWith("imagenet folder " + root
                + " has no labelled val/ split (val/ has no class folders with images)"), flat.getMessage());
        assertTrue(flat.getMessage().contains("COOPT_IMAGENET_DIR"), flat.getMessage());
        // The generic folder: test/images is unlabelled, val/ has no class folders.
        DatasetException generic = assertThrows(DatasetException.class, () -> Datasets.load("imagefolder", Split.TEST, root));
        assertTrue(generic.getMessage().contains("test/ has classes that train/ lacks (images), so it is unlabelled; "
                + "val/ has no class folders with images"), generic.getMessage());
        // A missing root names the dataset's own variable.
        Path absent = root.resolve("absent");
        DatasetException missing = assertThrows(DatasetException.class, () -> Datasets.load("imagenet", Split.TRAIN, absent));
        assertEquals("imagenet folder " + absent + " does not exist; pass --root DIR (or set COOPT_IMAGENET_DIR) to a "
                + "folder laid out as DIR/train/<class>/*.png|jpg", missing.getMessage());
        DatasetException noTrain = assertThrows(DatasetException.class,
                () -> Datasets.load("tiny-imagenet", Split.TRAIN, root.resolve("val")));
        assertTrue(noTrain.getMessage().contains("has no train/ folder"), noTrain.getMessage());
        assertTrue(noTrain.getMessage().contains("COOPT_TINY_IMAGENET_DIR"), noTrain.getMessage());
    }

    @Test
    void anAnnotationNamingAMissingImageOrClassIsClear() throws IOException {
        plantTinyImageNet();
        Files.writeString(root.resolve("val/val_annotations.txt"), "val_0.png\tn09\t0\t0\t7\t7\n");
        DatasetException unknown = assertThrows(DatasetException.class, () -> Datasets.load("tiny-imagenet", Split.TEST, root));
        assertTrue(unknown.getMessage().contains("val/ has classes that train/ lacks (n09)"), unknown.getMessage());
        Files.writeString(root.resolve("val/val_annotations.txt"), "val_7.png\tn01\t0\t0\t7\t7\n");
        DatasetException gone = assertThrows(DatasetException.class, () -> Datasets.load("tiny-imagenet", Split.TEST, root));
        assertTrue(gone.getMessage().contains("names " + root.resolve("val/images/val_7.png") + ", which is missing"),
                gone.getMessage());
    }

    @Test
    void hashAndNameFollowTheDecodeSizeAndChannels() throws IOException {
        plantTinyImageNet();
        ImageDataset at64 = Datasets.load("tiny-imagenet", Split.TRAIN, root);
        ImageDataset at32 = Datasets.load("tiny-imagenet", Split.TRAIN, root, 32);
        ImageDataset again32 = Datasets.load("tiny-imagenet", Split.TRAIN, root, 32);
        assertEquals(64, at64.height(), "tiny-imagenet's default size");
        assertEquals("tiny-imagenet-train@64", at64.name());
        assertEquals("tiny-imagenet-train@32", at32.name());
        assertNotEquals(at64.sha256(), at32.sha256(), "same files, other size: other data");
        assertEquals(at32.sha256(), again32.sha256(), "the hash is a function of files and decode settings");
        ImageFolderDataset grey = ImageFolderDataset.open(root, Split.TRAIN, new ImageFolderOptions(32, 1, 4));
        ImageFolderDataset rgb = ImageFolderDataset.open(root, Split.TRAIN, new ImageFolderOptions(32, 3, 4));
        assertNotEquals(grey.sha256(), rgb.sha256());
        assertEquals("imagefolder-" + root.getFileName() + "-train@32-grey", grey.name());
        assertEquals(at32.sha256(), rgb.sha256(), "the generic and named layouts list the same train/ alike");
        assertEquals(Datasets.load("imagenet", Split.TRAIN, root).height(), 224, "imagenet's default size");
    }
}
