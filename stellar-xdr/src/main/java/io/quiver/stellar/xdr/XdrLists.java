package io.quiver.stellar.xdr;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * The lists decoded arrays become: an unmodifiable view over the array the decoder filled, one
 * small object per list (decoding a ledger creates many of them).
 */
public final class XdrLists {

    private XdrLists() {
    }

    @SuppressWarnings("unchecked")
    public static <T> List<T> of(Object[] elements) {
        return elements.length == 0 ? List.of() : new ArrayView<>((T[]) elements);
    }

    private static final class ArrayView<T> extends AbstractList<T> implements RandomAccess {
        private final T[] elements;

        ArrayView(T[] elements) {
            this.elements = elements;
        }

        @Override
        public T get(int index) {
            return elements[index];
        }

        @Override
        public int size() {
            return elements.length;
        }
    }
}
