package enterprise

import "parkos/internal/auth"

func (h *Handler) criteriaRoutes() []auth.Route { return nil }
