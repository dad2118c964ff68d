extension BatchPlanner {
    /// A relief guest chosen for its migration cost (`MigrationCost`) over `avoided`, a guest whose
    /// departure alone would end the same pressure; both costs in seconds. `alone`: the chosen
    /// guest ends the pressure alone too (else it is the first of several cheaper together).
    struct CostChoice: Sendable {
        let avoided: Int
        let seconds: Double
        let avoidedSeconds: Double
        let alone: Bool
    }

    /// `order` (positions in `candidates`; the first `finishers` positions end the pressure alone,
    /// `order` starting with the one relief would pick) with the cheapest way to end the pressure
    /// first: a guest ending it alone at a clearly lower cost than the pick (more than
    /// `similarShare` lower), or else the first of several smaller guests, best relief per second
    /// first, that together end it at a clearly lower cost — so a 64 GiB VM is not moved where two
    /// 4 GiB ones do the same job, while one guest still goes before several of similar cost.
    /// With it, the choice when cost changed it.
    func preferCheaper(
        _ order: [Int], sizes: [Double], need: Double, finishers: Int, candidates: [Int]
    ) -> (order: [Int], choice: (position: Int, CostChoice)?) {
        guard finishers > 0, let pick = order.first else { return (order, nil) }
        let seconds = { (position: Int) in cost.seconds(bundles[candidates[position]]) }
        let pickCost = seconds(pick)
        // Several guests cost at least one overhead each: only a cost above two is worth a look.
        let setFloor = 2 * MigrationCost.overheadSeconds * (1 + Self.similarShare)
        guard pickCost > setFloor || finishers > 1 else { return (order, nil) }
        var choice = pick
        var choiceCost = pickCost
        var alone = true
        for position in 0..<finishers where position != pick {
            let other = seconds(position)
            if other * (1 + Self.similarShare) < choiceCost {
                choice = position
                choiceCost = other
            }
        }
        if choiceCost > setFloor {
            let smaller = (finishers..<candidates.count).filter { sizes[$0] > 0 }.map { ($0, seconds($0)) }
                .sorted { sizes[$0.0] / $0.1 > sizes[$1.0] / $1.1 }
            var covered = 0.0
            var total = 0.0
            for (position, cost) in smaller {
                covered += sizes[position]
                total += cost
                if total * (1 + Self.similarShare) >= choiceCost { break }
                if covered >= need {
                    choice = smaller[0].0
                    alone = false
                    break
                }
            }
        }
        guard choice != pick else { return (order, nil) }
        let made = CostChoice(
            avoided: candidates[pick], seconds: seconds(choice), avoidedSeconds: pickCost, alone: alone)
        return ([choice] + order.filter { $0 != choice }, (choice, made))
    }
}
