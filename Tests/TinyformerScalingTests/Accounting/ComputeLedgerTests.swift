import Testing
import TinyformerNMT
import TinyformerScaling

@Suite struct ComputeLedgerTests {
    static func ledger(hidden: Int = 16) throws -> (ComputeLedger, RunData) {
        var training = TrainingConfig(model: TransformerConfig(architecture: .decoderOnly, hiddenSize: hidden, layers: 4),
                                      data: "small", batchSize: 64, seed: 3, maxTrainingPairs: 300)
        let data = try RunData(config: training)
        training.model.vocabularySize = data.vocabulary.size
        return (try ComputeLedger(batcher: data.trainBatcher, config: training.model), data)
    }

    /// Brute force: walk the batches epoch by epoch, as the training loop draws them.
    static func walk(_ data: RunData, steps: Int, config: TransformerConfig) throws -> ComputeTotals {
        var totals = ComputeTotals(), epoch = 0
        while totals.steps < steps {
            for batch in data.trainBatcher.batches(epoch: epoch) where totals.steps < steps {
                let inputs = try TransformerInputs(architecture: .decoderOnly, sources: batch.sources, targets: batch.targets)
                totals.steps += 1
                totals.sequences += batch.count
                totals.targetTokens += inputs.scoredPositions
                totals.flops += Double(batch.count) * CourseFlops.training(sequenceLength: inputs.decoderLength, config: config)
            }
            epoch += 1
        }
        return totals
    }

    @Test func totalsAfterAnyStepCountEqualWalkingTheBatches() throws {
        let (ledger, data) = try Self.ledger()
        let n = ledger.batchesPerEpoch
        for steps in [0, 1, n - 1, n, n + 1, 2 * n + n / 2, 3 * n] {
            #expect(try ledger.totals(afterSteps: steps) == Self.walk(data, steps: steps, config: ledger.config), "after \(steps) steps")
        }
    }

    @Test func anEpochCoversEveryTrainingPairOnce() throws {
        let (ledger, data) = try Self.ledger()
        #expect(ledger.epochTotals.sequences == data.train.count)
        #expect(ledger.epochTotals.targetTokens == data.train.encoded.reduce(0) { $0 + $1.target.count + 1 })
    }

    @Test func stepsToReachABudgetAreTheFewestThatReachIt() throws {
        let (ledger, _) = try Self.ledger(hidden: 32)
        let epoch = ledger.epochTotals.flops
        for budget in [1.0, epoch / 3, epoch, epoch + 1, 2 * epoch, 7.3 * epoch] {
            let k = ledger.steps(toReach: budget)
            #expect(ledger.totals(afterSteps: k).flops >= budget, "budget \(budget)")
            #expect(ledger.totals(afterSteps: k - 1).flops < budget, "budget \(budget)")
        }
        #expect(ledger.steps(toReach: 0) == 0)
    }
}
