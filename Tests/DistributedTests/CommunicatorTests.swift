import Testing

/// Every Communicator operation on 2 ranks (mpi-probe's communicator scenario checks each result against the sum
/// a world of N ranks must give, N(N + 1)/2 when rank r contributes r + 1).
extension MPIJobs {
    @Suite("Communicator on 2 ranks")
    struct CommunicatorTests {
        @Test func everyOperationGivesItsSumOnBothRanks() throws {
            let job = try MPIJob.run("mpi-probe", ["communicator"], ranks: 2)
            #expect(job.status == 0, "\(job.errors)")
            let expected = ["ok size", "ok barrier", "ok broadcast", "ok allreduce", "ok sum", "ok startAllreduce",
                            "ok allgather", "ok send/receive", "ok startSend/startReceive"]
            for rank in 0..<2 {
                let lines = job.lines(ofRank: rank)
                for check in expected { #expect(lines.contains(check), "rank \(rank): \(lines)") }
                #expect(!lines.contains { $0.hasPrefix("FAIL") }, "rank \(rank): \(lines)")
            }
            #expect(job.lines(ofRank: 1).contains("ok receive of a longer message"))
            #expect(job.lines(ofRank: 1).contains("ok startReceive of a shorter message"))
        }
    }
}
