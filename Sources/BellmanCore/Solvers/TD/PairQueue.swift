/// Prioritized sweeping's queue of state-action pairs (S&B 2018, §8.4): the pair of highest
/// priority first. A pair is in it at most once, with the higher of the priorities it was
/// inserted with; among equal priorities the one inserted (or raised) first comes first.
///
/// A binary heap over flat arrays sized for every pair at the start: inserting and taking
/// allocate nothing.
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

    private mutating func siftUp(_ start: Int) {
        var i = start
        while i > 0 {
            let parent = (i - 1) / 2
            guard before(heap[i], heap[parent]) else { break }
            swapAt(i, parent)
            i = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
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

    private mutating func swapAt(_ i: Int, _ j: Int) {
        heap.swapAt(i, j)
        position[Int(heap[i])] = Int32(i)
        position[Int(heap[j])] = Int32(j)
    }
}
