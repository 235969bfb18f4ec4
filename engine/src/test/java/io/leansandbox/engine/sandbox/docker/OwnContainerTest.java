package io.leansandbox.engine.sandbox.docker;

import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class OwnContainerTest {

    private static final String HOST_NS = "pid:[4026531836]";
    private static final String ID = "fb538fc1e578a5a6764f107f573f0df3005c825d706799d85323ac1cb03937b8";

    /** Lines of /proc/self/mountinfo in a runc container of Docker 20.10 (recorded on the build machine). */
    private static final String DOCKER_MOUNTINFO = """
            75 60 0:45 / / rw,relatime master:24 - overlay overlay rw,lowerdir=/var/lib/docker/overlay2/l/X
            92 75 254:0 /var/lib/docker/containers/%1$s/resolv.conf /etc/resolv.conf rw,relatime - ext4 /dev/vda rw
            93 75 254:0 /var/lib/docker/containers/%1$s/hostname /etc/hostname rw,relatime - ext4 /dev/vda rw
            94 75 254:0 /var/lib/docker/containers/%1$s/hosts /etc/hosts rw,relatime - ext4 /dev/vda rw
            """.formatted(ID);

    /** The same under gVisor (runsc): the files come over 9p and name no container. */
    private static final String GVISOR_MOUNTINFO = """
            14 8 0:13 / /etc/hosts rw  - 9p none rw,trans=fd,rfdno=7,wfdno=7,aname=/
            15 8 0:14 / /etc/hostname rw  - 9p none rw,trans=fd,rfdno=6,wfdno=6,aname=/
            """;

    @Test
    void theContainerIsReadFromTheFilesDockerMountsIntoIt() {
        assertThat(OwnContainer.candidate(DOCKER_MOUNTINFO)).contains(ID);
        assertThat(OwnContainer.candidate(GVISOR_MOUNTINFO)).isEmpty();
        assertThat(OwnContainer.candidate("")).isEmpty();
    }

    @Test
    void onlyAContainerTheDaemonHasWithOurHostNameIsOurs() {
        assertThat(OwnContainer.confirmed(ID, id -> Optional.of("fb538fc1e578"), "fb538fc1e578")).isTrue();
        assertThat(OwnContainer.confirmed(ID, id -> Optional.of("other"), "fb538fc1e578")).isFalse();
        assertThat(OwnContainer.confirmed(ID, id -> Optional.empty(), "fb538fc1e578")).isFalse();
    }

    @Test
    void anOwnerInAnotherContainerIsDeadOnlyWhenItsContainerIsGoneOrStopped() {
        OwnerLabels inContainer = new OwnerLabels("e", "fb538fc1e578", 1, 5, ID, "pid:[4026532999]");
        OwnerLabels onTheHost = new OwnerLabels("me", "this-host", 4242, 5, null, HOST_NS);
        Set<String> gone = Set.of(ID);
        assertThat(inContainer.ownerIsDead(onTheHost, gone::contains)).isTrue();
        assertThat(inContainer.ownerIsDead(onTheHost, id -> false)).isFalse();
        // Its container decides even when host names collide (a container sharing the host's UTS namespace):
        // pid 1 of its container is not pid 1 of mine.
        OwnerLabels sameHostName = new OwnerLabels("me", "fb538fc1e578", 4242, 5, null, HOST_NS);
        assertThat(inContainer.ownerIsDead(sameHostName, id -> false)).isFalse();
        // Another machine's engine, in no container of this daemon: not ours to judge, whatever the daemon has.
        OwnerLabels elsewhere = new OwnerLabels("e", "other-machine", 1, 5, null, HOST_NS);
        assertThat(elsewhere.ownerIsDead(onTheHost, id -> true)).isFalse();
    }

    @Test
    void aPidIsJudgedOnlyInItsOwnNamespace() {
        // Two containers that share a host name (--uts host, --hostname, or "unknown-host"), neither confirmed:
        // pid 1 of one is not pid 1 of the other.
        OwnerLabels me = new OwnerLabels("me", "shared", ProcessHandle.current().pid(), 5, null, "pid:[4026532001]");
        OwnerLabels other = new OwnerLabels("e", "shared", ProcessHandle.current().pid(), 99, null, "pid:[4026532002]");
        assertThat(other.ownerIsDead(me, id -> true)).isFalse();
        // The same pid and another start time in my own namespace: an earlier process, gone.
        OwnerLabels earlier = new OwnerLabels("e", "shared", ProcessHandle.current().pid(), 99, null, "pid:[4026532001]");
        assertThat(earlier.ownerIsDead(me, id -> true)).isTrue();
        // An older engine's labels name no namespace: judged by pid only by an engine outside any container.
        OwnerLabels unsaid = new OwnerLabels("e", "shared", Long.MAX_VALUE, 99, null, null);
        assertThat(unsaid.ownerIsDead(me, id -> true)).isTrue();
        OwnerLabels meInAContainer = new OwnerLabels("me", "shared", 1, 5, ID, "pid:[4026532001]");
        assertThat(unsaid.ownerIsDead(meInAContainer, id -> true)).isFalse();
    }

    @Test
    void inMyOwnContainerAnEarlierJvmIsJudgedByItsPid() {
        // A restarted server container (restart policy): same container, same host name, a new JVM.
        OwnerLabels me = OwnerLabels.forThisJvm("me", ID);
        OwnerLabels earlierJvm = new OwnerLabels("before", me.host(), me.pid(), me.pidStartMillis() - 60_000, ID, me.pidNamespace());
        assertThat(earlierJvm.ownerIsDead(me, id -> false)).as("same pid, other start time: gone").isTrue();
        assertThat(new OwnerLabels("twin", me.host(), me.pid(), me.pidStartMillis(), ID, me.pidNamespace()).ownerIsDead(me, id -> true))
                .as("this very JVM is alive, whatever the daemon says").isFalse();
    }

    @Test
    void theContainerLabelIsThereOnlyForAnEngineInAContainer() {
        OwnerLabels inContainer = new OwnerLabels("e", "h", 7, 9, ID, HOST_NS);
        assertThat(inContainer.asMap()).containsEntry(OwnerLabels.CONTAINER, ID);
        assertThat(OwnerLabels.from(inContainer.asMap())).contains(inContainer);
        OwnerLabels plain = new OwnerLabels("e", "h", 7, 9, null, null);
        assertThat(plain.asMap()).doesNotContainKey(OwnerLabels.CONTAINER);
        assertThat(OwnerLabels.from(plain.asMap())).contains(plain);
    }
}
