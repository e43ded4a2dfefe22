//! Clustering scored pairs into companies without chaining.
//!
//! Pairs are taken strongest first. Two clusters merge when the pair clears the merge
//! threshold *and* the clusters' anchors (the names each cluster is known by) are
//! compatible: the same key, one the group brand of the other, direct evidence that
//! touches an anchor, or anchors that would themselves score as the same firm. This is
//! what stops "A ~ B ~ C" from merging A and C when A and C are unrelated. Reviewer
//! "keep apart" decisions are hard constraints.

use super::score::{score, Link, Scored};
use super::{Membership, Node, ReviewPair, Settings};

pub struct Outcome {
    /// Clusters of node indexes, the anchor first, then the rest by key.
    pub clusters: Vec<Vec<usize>>,
    pub memberships: Vec<Membership>,
    pub review: Vec<ReviewPair>,
}

struct Forest {
    parent: Vec<usize>,
    anchor: Vec<usize>,
    weight: Vec<usize>,
    members: Vec<Vec<usize>>,
}

impl Forest {
    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }
}

/// Both nodes have websites and share none.
fn both_sites_differ(a: &Node, b: &Node) -> bool {
    !a.domain_stems.is_empty()
        && !b.domain_stems.is_empty()
        && !a.domain_stems.iter().any(|d| b.domain_stems.contains(d))
}

/// The cluster rooted at `root` is one node seen three times or fewer.
fn lone_and_rare(f: &Forest, nodes: &[Node], root: usize) -> bool {
    f.members[root].len() == 1 && nodes[f.members[root][0]].records.len() <= 3
}

/// `short` is the group brand of `long`: its words start `long`, or its words run
/// together do ("L3Harris" for "L3 Harris ASV").
fn is_prefix(short: &Node, long: &Node) -> bool {
    if !short.group_brand || short.tokens.len() >= long.tokens.len() {
        return false;
    }
    if long.tokens.starts_with(&short.tokens) {
        return true;
    }
    let mut run = String::new();
    for (i, t) in long.tokens.iter().enumerate() {
        run.push_str(t);
        if run.len() >= short.compact.len() {
            return run == short.compact && i + 1 < long.tokens.len();
        }
    }
    false
}

pub fn cluster(
    nodes: &[Node],
    edges: Vec<(usize, usize, Scored)>,
    cannot: &[(usize, usize)],
    settings: Settings,
) -> Outcome {
    let n = nodes.len();
    let mut f = Forest {
        parent: (0..n).collect(),
        anchor: (0..n).collect(),
        weight: nodes.iter().map(|x| x.records.len()).collect(),
        members: (0..n).map(|i| vec![i]).collect(),
    };
    let mut cannot_of: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(a, b) in cannot {
        cannot_of[a].push(b);
        cannot_of[b].push(a);
    }
    let mut memberships: Vec<Membership> = (0..n)
        .map(|_| Membership {
            from: None,
            via: None,
            scored: None,
        })
        .collect();
    let mut review = Vec::new();

    for (a, b, s) in edges {
        if s.score < settings.review_at {
            break; // sorted: nothing weaker matters
        }
        let (ra, rb) = (f.find(a), f.find(b));
        if ra == rb {
            continue;
        }
        let crossing: Vec<usize> = f.members[ra]
            .iter()
            .flat_map(|&m| cannot_of[m].iter().copied())
            .collect();
        let forbidden = crossing.into_iter().any(|c| f.find(c) == rb);
        if forbidden {
            continue;
        }
        if s.score < settings.merge_at {
            review.push(ReviewPair {
                a,
                b,
                scored: s,
                reason: "below the merge threshold",
            });
            continue;
        }
        let (xa, xb) = (f.anchor[ra], f.anchor[rb]);
        let compatible = s.link == Link::UserMerge
            || (nodes[xa].key == nodes[xb].key && s.score >= settings.merge_at)
            // Why: the anchors are one name with one typo ("Magnet Forensic" / "Magnet
            // Forensics") and the pair joining the groups is strong; their own countries
            // may differ (a national office), which the anchors' score would count
            // against them. Two websites and none shared still keep them apart.
            || (super::score::one_typo(&nodes[xa].tokens, &nodes[xb].tokens)
                && !both_sites_differ(&nodes[xa], &nodes[xb]))
            || is_prefix(&nodes[xa], &nodes[xb])
            || is_prefix(&nodes[xb], &nodes[xa])
            || (s.link == Link::Domain && [a, b].iter().any(|e| *e == xa || *e == xb))
            || (s.link == Link::Alternate && a == xa && b == xb)
            // Why: a name that embeds another ("中国电子科技集团 (CHINA ELECTRONICS
            // TECHNOLOGY GROUP)") says so itself; when it stands alone, seen a few
            // times, it cannot chain other firms in, so its own pair is enough. A name
            // seen often is an identity of its own ("KNDS Deutschland", which names the
            // Krauss-Maffei Wegmann it was renamed from) and passes the anchors' check.
            || (s.link == Link::Alternate && [ra, rb].iter().any(|&r| lone_and_rare(&f, nodes, r)))
            // Why: the same letters spaced another way ("L3HARRISTECHNOLOGIE S" /
            // "L3HARRIS TECHNOLOGIES"), translated ("Selex Systems Integration") or
            // with a generic word written short ("HAVA SİST.") is one name; seen a few
            // times and alone, such a name cannot chain other firms in, but its
            // spelling hides it from the anchors' check. (A typo is not enough:
            // "Argus Global" is not "Arcus Global".)
            || ((super::score::same_name(&nodes[a], &nodes[b])
                || super::score::shortened(&nodes[a], &nodes[b]))
                && [ra, rb].iter().any(|&r| lone_and_rare(&f, nodes, r)))
            || score(&nodes[xa], &nodes[xb], Link::Similar).score >= settings.merge_at;
        if !compatible {
            review.push(ReviewPair {
                a,
                b,
                scored: s,
                reason: "the names the two groups are known by do not match",
            });
            continue;
        }
        // The surviving anchor: a group brand over its divisions, otherwise the
        // cluster with more appearances (ties: the smaller key).
        let a_wins = if is_prefix(&nodes[xa], &nodes[xb]) {
            true
        } else if is_prefix(&nodes[xb], &nodes[xa]) {
            false
        } else {
            (f.weight[ra], std::cmp::Reverse(&nodes[xa].id))
                >= (f.weight[rb], std::cmp::Reverse(&nodes[xb].id))
        };
        let (winner, loser, from, via) = if a_wins {
            (ra, rb, b, a)
        } else {
            (rb, ra, a, b)
        };
        let loser_anchor = f.anchor[loser];
        memberships[loser_anchor] = Membership {
            from: Some(from),
            via: Some(via),
            scored: Some(s),
        };
        f.parent[loser] = winner;
        f.weight[winner] += f.weight[loser];
        let moved = std::mem::take(&mut f.members[loser]);
        f.members[winner].extend(moved);
    }

    let mut clusters: Vec<Vec<usize>> = Vec::new();
    for root in 0..n {
        if f.parent[root] == root {
            let anchor = f.anchor[root];
            let mut rest: Vec<usize> = f.members[root]
                .iter()
                .copied()
                .filter(|&m| m != anchor)
                .collect();
            rest.sort_by(|x, y| nodes[*x].id.cmp(&nodes[*y].id));
            let mut c = vec![anchor];
            c.extend(rest);
            clusters.push(c);
        }
    }
    clusters.sort_by(|x, y| nodes[x[0]].id.cmp(&nodes[y[0]].id));
    Outcome {
        clusters,
        memberships,
        review,
    }
}
