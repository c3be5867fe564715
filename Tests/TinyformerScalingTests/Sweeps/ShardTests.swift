import Testing
import TinyformerScaling

@Suite struct ShardTests {
    @Test func parsesIOverN() throws {
        let shard = try Shard(parsing: "2/4")
        #expect(shard.index == 2 && shard.count == 4)
        #expect(try Shard(parsing: " 1 / 1 ") == Shard.all)
    }

    @Test(arguments: ["0/3", "4/3", "1/0", "a/b", "3", "", "1/2/3", "-1/2"])
    func rejectsAnythingElse(text: String) {
        #expect(throws: ScalingError.self) { try Shard(parsing: text) }
    }

    @Test func shardsPartitionTheRuns() throws {
        for count in 1...5 {
            let shards = try (1...count).map { try Shard(index: $0, count: count) }
            for position in 0..<23 {
                #expect(shards.filter { $0.owns(position) }.count == 1, "run \(position), \(count) shards")
            }
            #expect(shards[0].owns(0) && (count == 1 || shards[1].owns(1)))
        }
    }
}
