package org.coopt.workbench.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsTest {
    @TempDir
    Path tmp;

    @Test
    void catalogueNamesAndUnknownNames() {
        assertEquals(List.of("fashion-mnist", "mnist", "cifar10", "cifar100", "imagefolder", "tiny-imagenet", "imagenet",
                "synthetic"), Datasets.names());
        DatasetException e = assertThrows(DatasetException.class, () -> Datasets.load("imagenet22k", Split.TRAIN));
        assertEquals("unknown dataset 'imagenet22k'; known datasets: fashion-mnist, mnist, cifar10, cifar100, "
                + "imagefolder, tiny-imagenet, imagenet, synthetic", e.getMessage());
        assertEquals("unknown split 'val': use train or test",
                assertThrows(DatasetException.class, () -> Split.parse("val")).getMessage());
        assertEquals(Split.TEST, Split.parse("Test"));
    }

    @Test
    void systemPropertyOverridesTheLocation() {
        String key = "coopt.data.fashion-mnist.dir";
        System.setProperty(key, tmp.toString());
        try {
            DatasetSource s = Datasets.source("fashion-mnist");
            assertEquals(tmp, s.defaultRoot());
            assertFalse(s.available(s.defaultRoot()));
            DatasetException e = assertThrows(DatasetException.class, () -> Datasets.load("fashion-mnist", Split.TEST));
            assertTrue(e.getMessage().startsWith("Fashion-MNIST not found: " + tmp), e.getMessage());
        } finally {
            System.clearProperty(key);
        }
    }

    @Test
    void foldersWithoutDefaultNeedARoot() {
        if (System.getenv("COOPT_CIFAR10_DIR") == null) {
            DatasetException e = assertThrows(DatasetException.class, () -> Datasets.load("cifar10", Split.TRAIN));
            assertTrue(e.getMessage().startsWith("no folder given for cifar10: "), e.getMessage());
        }
    }

    @Test
    void syntheticComesFromTheGeneratorWithSharedPatterns() {
        ImageDataset train = Datasets.load("synthetic", Split.TRAIN);
        ImageDataset test = Datasets.load("synthetic", Split.TEST, tmp);
        assertEquals(5_000, train.size());
        assertEquals(1_000, test.size());
        assertEquals(List.of(3, 32, 32), List.of(train.channels(), train.height(), train.width()));
        assertEquals(SyntheticImages.generate(1_000, 3, 32, 10, 0, Split.TEST).sha256(), test.sha256());
    }
}
