package io.leansandbox.engine.sandbox.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

/**
 * What the mock API server lacks: a kubelet. Marks every new pod of the namespace Running and Ready,
 * as a node would once its container started.
 */
final class FakeKubelet implements AutoCloseable {

    private final SharedIndexInformer<Pod> informer;

    FakeKubelet(KubernetesClient client, String namespace) {
        informer = client.pods().inNamespace(namespace).inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                if (!WarmPodPool.isReady(pod)) {
                    client.pods().inNamespace(namespace).resource(ready(pod)).updateStatus();
                }
            }

            @Override
            public void onUpdate(Pod old, Pod pod) {
            }

            @Override
            public void onDelete(Pod pod, boolean unknown) {
            }
        });
    }

    static Pod ready(Pod pod) {
        return new PodBuilder(pod).withNewStatus().withPhase("Running")
                .addNewCondition().withType("Ready").withStatus("True").endCondition()
                .addNewContainerStatus().withName(PodSpecs.CONTAINER).withReady(true).withNewState().withNewRunning().endRunning().endState()
                .endContainerStatus()
                .endStatus().build();
    }

    @Override
    public void close() {
        informer.close();
    }
}
