package onealltest

// Stats is a summary of the server's state.
type Stats struct {
	// Users and Identities count the site's users and identities (cloud
	// storage users and their storage identities included).
	Users, Identities int
	// StorageUsers counts the users created or changed through the cloud
	// storage endpoints.
	StorageUsers int
	// Changes counts the changes of state so far (creations, updates,
	// deletions, relinks, cache refreshes): a request that changed nothing
	// leaves it as it was.
	Changes uint64
}

// Stats returns a summary of the server's state.
func (s *Server) Stats() Stats {
	s.mu.RLock()
	defer s.mu.RUnlock()
	st := Stats{Users: len(s.st.users), Identities: len(s.st.identities), Changes: s.st.changes}
	for _, u := range s.st.users {
		if u.storage {
			st.StorageUsers++
		}
	}
	return st
}
