package org.coopt.workbench.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.coopt.workbench.util.Json;
import org.junit.jupiter.api.Test;

/** Preset names, the entry plan, and reading a zoo.json written before zoos had a dataset. */
class ZooSettingsTest {

    /** The settings block of a cpu zoo.json as the previous release wrote it (no dataset fields). */
    static final String OLD_CPU = "{\"preset\":\"cpu\",\"priorPoolSize\":10000,\"seed\":0,\"archs\":[{\"name\":\"convnet\","
            + "\"width\":32},{\"name\":\"resnet18\",\"width\":8},{\"name\":\"mlp\",\"width\":256}],\"supervisedEpochs\":3,"
            + "\"sslEpochs\":3,\"mnistEpochs\":3,\"mnistSize\":10000,\"weakSteps\":20,\"batchSize\":128,"
            + "\"probeEpochs\":30,\"testLimit\":0}";

    @Test
    void anOldZooJsonReadsWithDefaultsButIsNotTodaysCpuZoo() {
        ZooSettings old = Json.GSON.fromJson(OLD_CPU, ZooSettings.class);
        // the 3-epoch zoo of the first release is not the converged cpu zoo (issue 10): it is never reused for it
        assertTrue(!ZooSettings.cpu().equals(old));
        assertEquals(3, old.supervisedEpochs());
        assertEquals(0, old.probeTrainSize(), "no cap: the whole train split");
        assertEquals("fashion-mnist", old.dataset());
        assertEquals(List.of(), old.crossDatasets());
    }

    @Test
    void theCpuPlanIsTheSixteenEntriesItAlwaysHad() {
        List<String> expected = List.of(
                "convnet-w32-sup-fmnist", "convnet-w32-simclr-fmnist", "convnet-w32-sup-mnist10k", "convnet-w32-weak-fmnist",
                "convnet-w32-random",
                "resnet18-w8-sup-fmnist", "resnet18-w8-simclr-fmnist", "resnet18-w8-sup-mnist10k", "resnet18-w8-weak-fmnist",
                "resnet18-w8-random",
                "mlp-w256-sup-fmnist", "mlp-w256-simclr-fmnist", "mlp-w256-sup-mnist10k", "mlp-w256-weak-fmnist",
                "mlp-w256-random", "human");
        assertEquals(expected, ZooSettings.cpu().plannedIds());
        assertEquals("convnet-w8-byol-fmnist", ZooSettings.smoke().plan("byol").get(1).id());
    }

    @Test
    void paperPresetsServeThePaperDatasetsWithCrossDatasetPriors() {
        ZooSettings c10 = ZooSettings.preset("paper-cifar10");
        assertEquals("cifar10", c10.dataset());
        assertEquals(10_000, c10.priorPoolSize());
        assertEquals(List.of("cifar100", "tiny-imagenet", "imagenet"), c10.crossDatasets());
        List<String> ids = c10.plannedIds();
        // 5 archs × (sup, ssl, weak, random) + 2 cross archs × 3 datasets × (sup, ssl) + human
        assertEquals(5 * 4 + 2 * 3 * 2 + 1, ids.size());
        assertEquals(ids.size(), Set.copyOf(ids).size(), "ids are unique");
        assertTrue(ids.containsAll(List.of("resnet18-w64-sup-cifar10", "vit-w192-simclr-tin", "resnet18-w64-sup-in1k",
                "vit-w192-sup-cifar100", "efficientnet-b0-w32-weak-cifar10", "resnet50-w64-random", "human")), ids.toString());
        assertTrue(ids.stream().noneMatch(i -> i.startsWith("resnet50") && i.endsWith("in1k")), "cross only for resnet18, vit");
        assertTrue(ids.stream().noneMatch(i -> i.contains("mnist")), "MNIST priors only in Fashion-MNIST zoos");

        ZooSettings in1k = ZooSettings.preset("paper-imagenet");
        assertEquals(1_281_167 / 5, in1k.priorPoolSize());
        assertEquals(90, in1k.supervisedEpochs());
        assertTrue(in1k.plannedIds().contains("resnet18-w64-sup-in1k"), "in-domain on ImageNet-1K");
        assertEquals(Set.of("supervised", "ssl", "supervised-cross", "ssl-cross", "checkpoint", "random", "human"),
                in1k.plan("simclr").stream().map(ZooSettings.Planned::kind).collect(Collectors.toSet()));

        ZooSettings syn = ZooSettings.preset("smoke-synthetic");
        assertEquals("synthetic", syn.dataset());
        assertEquals(List.of("convnet-w8-sup-syn", "convnet-w8-simclr-syn", "convnet-w8-weak-syn", "convnet-w8-random",
                "human"), syn.plannedIds());
    }

    @Test
    void badPresetsAndSettingsAreRefusedInOneLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ZooSettings.preset("paper-mnist"));
        assertEquals("no paper zoo for dataset 'mnist'; known: cifar10, cifar100, tiny-imagenet, imagenet", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ZooSettings.preset("gpu"));
        assertTrue(e.getMessage().startsWith("unknown zoo preset 'gpu'; known: smoke, cpu, paper-cifar10"), e.getMessage());
        ZooSettings p = ZooSettings.paper("cifar10");
        assertThrows(IllegalArgumentException.class, () -> new ZooSettings("x", 10, 0, p.archs(), 1, 1, 1, 2, 1, 2, 1, 0,
                "cifar10", 0, List.of("cifar10"), List.of(), 0, 2000), "own dataset as a cross dataset");
        assertThrows(IllegalArgumentException.class, () -> new ZooSettings("x", 10, 0, p.archs(), 1, 1, 1, 2, 1, 2, 1, 0,
                "cifar10", 0, List.of("cifar100"), List.of("convnet"), 0, 2000), "cross arch not among the archs");
    }
}
