import ArgumentParser
import BellmanCore
import Foundation

/// `bellman bench`: the workloads of ../shared/bench/WORKLOADS.md through the product's path.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Throughput on the shared workloads: W1 value-iteration sweeps, W2 Q-learning steps, W3 MC-control steps.",
        discussion: "Prints per workload the median figure over the repeats, the min-max and the checksums. Quote it as a ratio against the C reference run in the same sitting (Benchmarks/compare.sh).")

    enum Which: String, ExpressibleByArgument, CaseIterable { case w1, w2, w3, all }
    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Argument(help: "w1, w2, w3 or all.")
    var workload: Which = .all

    @Option(name: .customLong("repeat"), help: "Runs per workload; the median is reported (default 3).")
    var repeats: Int = 3

    @Option(help: "Threads for W1's synchronous sweeps (default: the machine's cores, at most 8); the values do not depend on it.")
    var threads: Int?

    @Option(help: "Output: text, or json (one line per workload, the keys of ref.c).")
    var format: Format = .text

    func run() throws {
        guard (1...100).contains(repeats) else { throw ValidationError("--repeat \(repeats) is out of range; valid: 1 to 100") }
        if let threads, !(1...64).contains(threads) { throw ValidationError("--threads \(threads) is out of range; valid: 1 to 64") }
        let workloads = workload == .all ? Workload.allCases : [Workload(rawValue: workload.rawValue)!]
        for w in workloads {
            let runs = try (0..<repeats).map { _ in try w.run(threads: threads) }
            let figures = runs.map(\.figure).sorted()
            let median = runs.sorted { $0.figure < $1.figure }[runs.count / 2]
            let peak = peakMemoryMB()
            switch format {
            case .text:
                let checks = median.checksums.map { "\($0.0) \(format($0.1))" }.joined(separator: "  ")
                print("\(w.rawValue)  \(sci(median.figure)) \(median.unit) (median of \(runs.count); min \(sci(figures.first!)), max \(sci(figures.last!)))  \(checks)  peak \(peak) MB")
            case .json:
                let checks = median.checksums.map { "\"\($0.0)\":\(format($0.1))" }.joined(separator: ",")
                print("{\"workload\":\"\(w.rawValue)\",\"impl\":\"bellman\",\"seconds\":\(median.seconds),\"figure\":\(median.figure),\"min\":\(figures.first!),\"max\":\(figures.last!),\"unit\":\"\(median.unit)\",\(checks),\"peak_mb\":\(peak)}")
            }
        }
    }

    private func sci(_ x: Double) -> String {
        var exponent = 0, mantissa = x
        while mantissa >= 10 { mantissa /= 10; exponent += 1 }
        return String(format: "%.2fe%d", mantissa, exponent)
    }

    private func format(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(format: "%.6f", x)
    }
}
