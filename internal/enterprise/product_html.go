package enterprise

import "parkos/internal/auth"

func (h *Handler) productRoutes() []auth.Route { return nil }
