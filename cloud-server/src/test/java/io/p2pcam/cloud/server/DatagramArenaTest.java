package io.p2pcam.cloud.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DatagramArenaTest {
    private final DatagramArena arena = new DatagramArena();

    @Test
    void eachDatagramIsCopiedByteForByteIntoDirectMemoryOfItsOwnLength() {
        byte[] first = {1, 2, 3};
        byte[] second = {9, 8, 7, 6, 5};

        ByteBuf a = arena.copyOf(first);
        ByteBuf b = arena.copyOf(second);
        first[0] = 42; // the caller's array is not kept

        assertThat(a.isDirect()).isTrue();
        assertThat(a.hasMemoryAddress()).as("sent without another copy").isTrue();
        assertThat(ByteBufUtil.getBytes(a)).containsExactly(1, 2, 3);
        assertThat(ByteBufUtil.getBytes(b)).containsExactly(9, 8, 7, 6, 5);
        b.setByte(0, 0);
        assertThat(ByteBufUtil.getBytes(a)).as("datagrams do not overlap").containsExactly(1, 2, 3);
        a.release();
        b.release();
        arena.close();
    }

    @Test
    void aBlockIsFreedOnlyWhenTheArenaHasMovedOnAndEveryDatagramInItWasReleased() {
        ByteBuf first = arena.copyOf(new byte[100]);
        ByteBuf block = first.unwrap();
        List<ByteBuf> rest = new ArrayList<>();
        while (block.writableBytes() >= 100) {
            rest.add(arena.copyOf(new byte[100]));
        }
        ByteBuf next = arena.copyOf(new byte[100]);
        assertThat(next.unwrap()).as("a full block is not written past").isNotSameAs(block);

        first.release();
        rest.forEach(ByteBuf::release);
        assertThat(block.refCnt())
                .as("freed once its datagrams left and the arena moved on")
                .isZero();

        assertThat(next.unwrap().refCnt())
                .as("the arena still holds the block it writes into")
                .isEqualTo(2);
        arena.close();
        assertThat(next.unwrap().refCnt())
                .as("a datagram keeps its block after the arena closed")
                .isEqualTo(1);
        next.release();
        assertThat(next.unwrap().refCnt()).isZero();
    }

    @Test
    void aDatagramLargerThanABlockGetsDirectMemoryOfItsOwn() {
        byte[] large = new byte[DatagramArena.BLOCK_BYTES + 1];
        large[large.length - 1] = 7;

        ByteBuf copy = arena.copyOf(large);

        assertThat(copy.readableBytes()).isEqualTo(large.length);
        assertThat(copy.getByte(large.length - 1)).isEqualTo((byte) 7);
        assertThat(copy.isDirect()).isTrue();
        copy.release();
        assertThat(copy.refCnt()).isZero();
    }

    @Test
    void aDatagramThatFillsTheRestOfABlockExactlyStaysInIt() {
        ByteBuf head = arena.copyOf(new byte[DatagramArena.BLOCK_BYTES - 13]);
        ByteBuf tail = arena.copyOf(new byte[13]);

        assertThat(tail.unwrap()).isSameAs(head.unwrap());
        head.release();
        tail.release();
        arena.close();
        assertThat(head.unwrap().refCnt()).isZero();
    }
}
