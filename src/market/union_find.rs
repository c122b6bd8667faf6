//! One union–find over `u32` indices: the groups of linked atoms that
//! [`Knowledge`](super::Knowledge) keeps (with undo), and the groups of
//! sentences a question joins.

/// Disjoint sets of the indices `0..len`, each named by its root.
#[derive(Clone, Debug, Default)]
pub(crate) struct UnionFind {
    parent: Vec<u32>,
}

impl UnionFind {
    /// How many indices it holds.
    pub fn len(&self) -> usize {
        self.parent.len()
    }

    /// Adds singletons until it holds `n` indices.
    pub fn grow(&mut self, n: usize) {
        let start = self.parent.len();
        if n > start {
            self.parent.extend((start..n).map(to_u32));
        }
    }

    /// Drops every index from `n` on (none of the rest may hang under
    /// them: true of an undo back to the time they were added).
    pub fn truncate(&mut self, n: usize) {
        self.parent.truncate(n);
    }

    /// The root of `x`'s set, changing nothing; an index beyond the
    /// ones held is its own root.
    pub fn find(&self, mut x: u32) -> u32 {
        while let Some(&p) = self.parent.get(x as usize) {
            if p == x {
                break;
            }
            x = p;
        }
        x
    }

    /// [`find`](Self::find), halving the path on the way.
    pub fn find_compress(&mut self, mut x: u32) -> u32 {
        while self.parent[x as usize] != x {
            let grandparent = self.parent[self.parent[x as usize] as usize];
            self.parent[x as usize] = grandparent;
            x = grandparent;
        }
        x
    }

    /// Hangs the root `child` under `parent`; returns `child`'s parent
    /// before (itself), so that an undo can put it back.
    pub fn attach(&mut self, child: u32, parent: u32) -> u32 {
        std::mem::replace(&mut self.parent[child as usize], parent)
    }

    /// Joins the sets of `a` and `b`, the smaller root naming the union.
    pub fn union(&mut self, a: u32, b: u32) {
        let (ra, rb) = (self.find_compress(a), self.find_compress(b));
        if ra != rb {
            self.parent[ra.max(rb) as usize] = ra.min(rb);
        }
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).expect("more than 2^32 atoms in one language")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Unions and undoing attachments against the sets written out.
    #[test]
    fn sets_join_and_undo() {
        let mut sets = UnionFind::default();
        sets.grow(6);
        sets.union(4, 1);
        sets.union(1, 3);
        assert_eq!([1, 3, 4].map(|x| sets.find(x)), [1, 1, 1]);
        assert_eq!(sets.find(0), 0);
        assert_eq!(sets.find(17), 17);
        let before = sets.attach(5, 1);
        assert_eq!((before, sets.find_compress(5)), (5, 1));
        sets.attach(5, before);
        assert_eq!(sets.find(5), 5);
        sets.truncate(2);
        assert_eq!(sets.len(), 2);
    }
}
