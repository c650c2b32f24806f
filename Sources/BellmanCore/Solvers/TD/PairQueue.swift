/// Prioritized sweeping's queue of state-action pairs (S&B 2018, §8.4): the pair of highest
/// priority first. A pair is in it at most once, with the higher of the priorities it was
/// inserted with; among equal priorities the one inserted (or raised) first comes first.
///
/// A binary heap over flat arrays sized for every pair at the start: inserting and taking
/// allocate nothing. The rules live in `Heap`, over pointers to the arrays: `step()` lends them
/// for one call, a kernel for a whole run of steps (`withHeap`).
struct PairQueue: Sendable {
    private var heap: [Int32]
    private var count = 0
    private var priority: [Double]
    /// When each pair was inserted or last raised, for a stable order among equal priorities.
    private var stamp: [Int]
    /// Where each pair is in the heap; -1 when not queued.
    private var position: [Int32]
    private var clock = 0

    init(pairs: Int) {
        heap = [Int32](repeating: 0, count: pairs)
        priority = [Double](repeating: 0, count: pairs)
        stamp = [Int](repeating: 0, count: pairs)
        position = [Int32](repeating: -1, count: pairs)
    }

    var isEmpty: Bool { count == 0 }

    /// Inserts `pair` with priority `p`, or raises it to `p` if it is queued lower.
    mutating func insert(_ pair: Int, priority p: Double) {
        withHeap { heap in
            var heap = heap
            heap.insert(pair, priority: p)
            return (heap, ())
        }
    }

    /// Removes and returns the first pair.
    mutating func popFirst() -> Int {
        withHeap { heap in
            var heap = heap
            let first = heap.popFirst()
            return (heap, first)
        }
    }

    /// Calls `body` with the queue's heap through pointers (valid only inside), and keeps what
    /// the heap `body` returns did.
    mutating func withHeap<R>(_ body: (Heap) -> (Heap, R)) -> R {
        let (count, clock, result) = heap.withUnsafeMutableBufferPointer { heap in
            priority.withUnsafeMutableBufferPointer { priority in
                stamp.withUnsafeMutableBufferPointer { stamp in
                    position.withUnsafeMutableBufferPointer { position in
                        let (after, result) = body(Heap(heap: heap.baseAddress!, priority: priority.baseAddress!, stamp: stamp.baseAddress!,
                                                        position: position.baseAddress!, count: self.count, clock: self.clock))
                        return (after.count, after.clock, result)
                    }
                }
            }
        }
        self.count = count
        self.clock = clock
        return result
    }

    /// The queue's rules over its arrays through pointers (see `withHeap`).
    struct Heap {
        let heap: UnsafeMutablePointer<Int32>
        let priority: UnsafeMutablePointer<Double>
        let stamp: UnsafeMutablePointer<Int>
        let position: UnsafeMutablePointer<Int32>
        private(set) var count: Int
        fileprivate var clock: Int

        fileprivate init(heap: UnsafeMutablePointer<Int32>, priority: UnsafeMutablePointer<Double>, stamp: UnsafeMutablePointer<Int>,
                         position: UnsafeMutablePointer<Int32>, count: Int, clock: Int) {
            (self.heap, self.priority, self.stamp, self.position) = (heap, priority, stamp, position)
            (self.count, self.clock) = (count, clock)
        }

        var isEmpty: Bool { count == 0 }

        /// Inserts `pair` with priority `p`, or raises it to `p` if it is queued lower.
        @inline(__always)
        mutating func insert(_ pair: Int, priority p: Double) {
            if position[pair] >= 0 {
                guard p > priority[pair] else { return }
            } else {
                heap[count] = Int32(pair)
                position[pair] = Int32(count)
                count += 1
            }
            priority[pair] = p
            clock += 1
            stamp[pair] = clock
            siftUp(Int(position[pair]))
        }

        /// Removes and returns the first pair.
        @inline(__always)
        mutating func popFirst() -> Int {
            let first = Int(heap[0])
            count -= 1
            position[first] = -1
            if count > 0 {
                heap[0] = heap[count]
                position[Int(heap[0])] = 0
                siftDown(0)
            }
            return first
        }

        @inline(__always)
        private func before(_ a: Int32, _ b: Int32) -> Bool {
            let (x, y) = (Int(a), Int(b))
            return priority[x] > priority[y] || priority[x] == priority[y] && stamp[x] < stamp[y]
        }

        private func siftUp(_ start: Int) {
            var i = start
            while i > 0 {
                let parent = (i - 1) / 2
                guard before(heap[i], heap[parent]) else { break }
                swapAt(i, parent)
                i = parent
            }
        }

        private func siftDown(_ start: Int) {
            var i = start
            while true {
                let left = 2 * i + 1, right = left + 1
                var best = i
                if left < count && before(heap[left], heap[best]) { best = left }
                if right < count && before(heap[right], heap[best]) { best = right }
                guard best != i else { return }
                swapAt(i, best)
                i = best
            }
        }

        private func swapAt(_ i: Int, _ j: Int) {
            let (a, b) = (heap[i], heap[j])
            (heap[i], heap[j]) = (b, a)
            position[Int(b)] = Int32(i)
            position[Int(a)] = Int32(j)
        }
    }
}
