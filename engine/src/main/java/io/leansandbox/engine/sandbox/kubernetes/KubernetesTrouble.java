package io.leansandbox.engine.sandbox.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.leansandbox.engine.SandboxUnavailableException;

/** A failed call to the API server, said as what it is: its status code and message, or why it could not be reached. */
final class KubernetesTrouble extends SandboxUnavailableException {

    KubernetesTrouble(String what, RuntimeException e) {
        super(what + ": " + describe(e), e);
    }

    static String describe(RuntimeException e) {
        if (e instanceof KubernetesClientException k && k.getCode() > 0) {
            String hint = switch (k.getCode()) {
                case 401 -> " (the credentials were refused)";
                case 403 -> " (the engine's service account lacks a permission: see docs/kubernetes/rbac.yaml)";
                case 404 -> " (no such resource: is the namespace there, or agent-sandbox's CRDs installed?)";
                default -> "";
            };
            return "the API server answered " + k.getCode() + hint + ": " + rootMessage(e);
        }
        return "the API server did not answer: " + rootMessage(e);
    }

    static String rootMessage(Throwable t) {
        return io.leansandbox.engine.sandbox.RootCause.message(t);
    }
}
