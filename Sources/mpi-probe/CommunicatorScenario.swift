import Distributed

/// Each Communicator operation on every rank, with the result a world of N ranks must give, worked out here:
/// rank r contributes r + 1, so a sum is N(N + 1)/2.
enum CommunicatorScenario {
    static func run(_ world: Communicator, report: Report) throws {
        let n = world.size, r = world.rank
        let triangle = Float(n * (n + 1) / 2)
        report.check("size", world.size >= 1, "\(world.size)")
        try world.barrier()
        report.check("barrier", true, "")

        var broadcast: [Float] = r == 0 ? [1, 2, 3] : [0, 0, 0]
        try broadcast.withUnsafeMutableBufferPointer { try world.broadcast($0, from: 0) }
        report.check("broadcast", broadcast == [1, 2, 3], "\(broadcast)")

        var sums: [Double] = [Double(r + 1), 10 * Double(r + 1)]
        try sums.withUnsafeMutableBufferPointer { try world.allreduce($0) }
        report.check("allreduce", sums == [Double(triangle), 10 * Double(triangle)], "\(sums)")
        report.check("sum", try world.sum(UInt64(r + 1)) == UInt64(triangle), "")

        // Non-blocking, on a buffer of 4 MB (larger than MPICH's eager limits), with work in between.
        var large = [Float](repeating: Float(r + 1), count: 1 << 20)
        try large.withUnsafeMutableBufferPointer { buffer in
            var request = try world.startAllreduce(buffer)
            var polls = 0
            while try !request.test() { polls += 1 }
            try request.wait()
        }
        report.check("startAllreduce", large.allSatisfy { $0 == triangle }, "\(large[0]) \(large[large.count - 1])")

        let gathered = try world.allgather(UInt64(100 * r))
        report.check("allgather", gathered == (0..<n).map { UInt64(100 * $0) }, "\(gathered)")

        // A ring: each rank sends [r, r + 0.5] to the next and receives from the previous; even ranks send first
        // so that two blocking calls cannot wait on each other.
        guard n > 1 else { return report.check("send/receive", true, "one rank: nothing to send") }
        let next = (r + 1) % n, previous = (r + n - 1) % n
        let outgoing: [Float] = [Float(r), Float(r) + 0.5]
        var incoming: [Float] = [-1, -1]
        func send() throws { try outgoing.withUnsafeBufferPointer { try world.send($0, to: next, tag: 7) } }
        func receive() throws { try incoming.withUnsafeMutableBufferPointer { try world.receive(into: $0, from: previous, tag: 7) } }
        if r % 2 == 0 { try send(); try receive() } else { try receive(); try send() }
        report.check("send/receive", incoming == [Float(previous), Float(previous) + 0.5], "\(incoming)")

        // Non-blocking, both ways at once between ranks 0 and 1, 4 MB each (above MPICH's eager limit, so each send
        // needs its receive): with blocking sends both ranks would wait on each other forever.
        if r < 2 {
            let peer = 1 - r
            let count = 1 << 20
            let outgoing = UnsafeMutableBufferPointer<Float>.allocate(capacity: count)
            let incoming = UnsafeMutableBufferPointer<Float>.allocate(capacity: count)
            defer { outgoing.deallocate(); incoming.deallocate() }
            for i in 0..<count { outgoing[i] = Float(r * count + i) }
            incoming.initialize(repeating: -1)
            var receiving = try world.startReceive(into: incoming, from: peer, tag: 9)
            var sending = try world.startSend(UnsafeBufferPointer(outgoing), to: peer, tag: 9)
            try sending.wait()
            try receiving.wait()
            try receiving.wait()   // a second wait on a complete request returns at once
            let expected = (0..<count).allSatisfy { incoming[$0] == Float(peer * count + $0) }
            report.check("startSend/startReceive", expected, "\(incoming[0]) … \(incoming[count - 1])")
        }

        var wrongLength: [Float] = [0]
        if r == 0 { try outgoing.withUnsafeBufferPointer { try world.send($0, to: 1, tag: 8) } }
        if r == 1 {
            do {
                try wrongLength.withUnsafeMutableBufferPointer { try world.receive(into: $0, from: 0, tag: 8) }
                report.check("receive of a longer message", false, "no error")
            } catch {
                report.check("receive of a longer message", "\(error)".hasPrefix("MPI_Recv"), "\(error)")
            }
        }
        // A non-blocking receive of a shorter message than its buffer: the wait says so.
        if r == 0 { try outgoing.withUnsafeBufferPointer { try world.send(UnsafeBufferPointer(rebasing: $0[0..<1]), to: 1, tag: 10) } }
        if r == 1 {
            var room: [Float] = [0, 0]
            do {
                try room.withUnsafeMutableBufferPointer { buffer in
                    var request = try world.startReceive(into: buffer, from: 0, tag: 10)
                    try request.wait()
                }
                report.check("startReceive of a shorter message", false, "no error")
            } catch {
                report.check("startReceive of a shorter message", "\(error)".contains("sent 1 numbers, expected 2"),
                             "\(error)")
            }
        }
    }
}
